-- HIGH_VALUE: the first event of an order to arrive (late or not) has total_amount >= the threshold.
SELECT user_id, order_id, total_amount AS amount, t,
       [struct_pack(event_id := event_id, order_id := order_id, status := status, amount := total_amount, t := t)] AS evidence,
       alert_id('HIGH_VALUE', user_id, [event_id]) AS alert_id,
       total_amount >= getvariable('critical_value') AS critical
FROM (SELECT *, row_number() OVER (PARTITION BY user_id, order_id ORDER BY part, off) AS k FROM order_arrivals)
WHERE k = 1 AND total_amount >= getvariable('high_value')
ORDER BY t, alert_id;
