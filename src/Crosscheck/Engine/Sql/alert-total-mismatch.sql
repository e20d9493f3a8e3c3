-- TOTAL_MISMATCH: the first accepted event of an order (in arrival order) with items whose sum differs from the
-- total by more than the tolerance.
SELECT user_id, order_id, total_amount AS amount, t,
       [struct_pack(event_id := event_id, order_id := order_id, status := status, amount := total_amount, t := t)] AS evidence,
       alert_id('TOTAL_MISMATCH', user_id, [event_id]) AS alert_id,
       items_total,
       abs(total_amount - items_total) AS difference
FROM (
    SELECT *, row_number() OVER (PARTITION BY user_id, order_id ORDER BY part, off) AS k
    FROM order_arrivals
    WHERE (wm IS NULL OR t >= wm)
      AND items_total IS NOT NULL
      AND abs(total_amount - items_total) > getvariable('mismatch_tolerance') * total_amount
)
WHERE k = 1
ORDER BY t, alert_id;
