-- AMOUNT_SPIKE: a counted created order whose amount × n > factor × s, where n and s are the count and sum of the
-- user's earlier counted created orders (n >= the minimum history), i.e. amount > factor × mean exactly.
WITH history AS (
    SELECT *,
           count(*) OVER (PARTITION BY user_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS history_count,
           coalesce(sum(total_amount) OVER (PARTITION BY user_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS history_sum
    FROM counted_created
)
SELECT user_id, order_id, total_amount AS amount, t,
       [struct_pack(event_id := event_id, order_id := order_id, status := status, amount := total_amount, t := t)] AS evidence,
       alert_id('AMOUNT_SPIKE', user_id, [event_id]) AS alert_id,
       history_count, history_sum
FROM history
WHERE history_count >= getvariable('spike_min_history')
  AND total_amount * history_count > getvariable('spike_factor') * history_sum
ORDER BY t, alert_id;
