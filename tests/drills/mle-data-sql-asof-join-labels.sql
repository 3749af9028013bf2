-- Reference (SQLite): range LEFT JOIN on what was known at prediction_ts, then keep the latest change.
SELECT user_id, prediction_ts, churned_90d, plan_at_prediction
FROM (
  SELECT
    l.user_id,
    l.prediction_ts,
    l.churned_90d,
    p.plan AS plan_at_prediction,
    ROW_NUMBER() OVER (
      PARTITION BY l.user_id, l.prediction_ts
      ORDER BY p.changed_at DESC
    ) AS rn
  FROM labels AS l
  LEFT JOIN plan_changes AS p
    ON p.user_id = l.user_id
   AND p.changed_at <= l.prediction_ts
   AND p.loaded_at <= l.prediction_ts
)
WHERE rn = 1
