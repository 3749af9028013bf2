-- Reference (SQLite): a 30-day RANGE frame over julianday(created_at), excluding the order itself.
SELECT
  order_id,
  user_id,
  amount,
  created_at,
  COUNT(*) OVER last_30d AS orders_30d,
  COALESCE(SUM(amount) OVER last_30d, 0) AS amount_30d,
  julianday(created_at)
    - julianday(LAG(created_at) OVER (PARTITION BY user_id ORDER BY created_at)) AS days_since_prev
FROM orders
WINDOW last_30d AS (
  PARTITION BY user_id
  ORDER BY julianday(created_at)
  RANGE BETWEEN 30 PRECEDING AND CURRENT ROW
  EXCLUDE CURRENT ROW
)
