-- Reference (SQLite): the :as_of variant, with the cut-off read from params(as_of).
SELECT event_id, user_id, event_type, event_ts, ingested_at, payload
FROM (
  SELECT
    e.*,
    ROW_NUMBER() OVER (
      PARTITION BY e.event_id
      ORDER BY e.ingested_at DESC, e.payload DESC
    ) AS rn
  FROM events_raw AS e
  WHERE e.ingested_at <= (SELECT as_of FROM params)
)
WHERE rn = 1
