-- INVALID_TRANSITION: in an order's released events, a status different from the previous one that the lifecycle
-- does not allow after it. The evidence is the event that set the previous status (the first of its run of equal
-- statuses) and the new one. payment_failed is a retry inside the created phase, so what may follow created may
-- follow it too, except created itself.
WITH allowed(from_status, to_status) AS (
    VALUES ('created', 'payment_failed'), ('created', 'paid'), ('created', 'cancelled'),
           ('payment_failed', 'paid'), ('payment_failed', 'cancelled'),
           ('paid', 'shipped'), ('paid', 'cancelled'), ('paid', 'refunded'),
           ('shipped', 'delivered'), ('shipped', 'refunded'),
           ('delivered', 'refunded')
),
marked AS (
    SELECT *,
           lag(status) OVER (PARTITION BY order_id ORDER BY seq) AS previous_status,
           CASE WHEN status IS DISTINCT FROM lag(status) OVER (PARTITION BY order_id ORDER BY seq) THEN 1 ELSE 0 END AS starts_run
    FROM order_released
),
runs AS (
    SELECT *, sum(starts_run) OVER (PARTITION BY order_id ORDER BY seq ROWS UNBOUNDED PRECEDING) AS run_no FROM marked
),
run_starts AS (
    SELECT order_id, run_no, event_id, status, total_amount, t FROM runs WHERE starts_run = 1
)
SELECT e.user_id, e.order_id, e.total_amount AS amount, e.t,
       [struct_pack(event_id := s.event_id, order_id := s.order_id, status := s.status, amount := s.total_amount, t := s.t),
        struct_pack(event_id := e.event_id, order_id := e.order_id, status := e.status, amount := e.total_amount, t := e.t)] AS evidence,
       alert_id('INVALID_TRANSITION', e.user_id, [s.event_id, e.event_id]) AS alert_id
FROM runs e
JOIN run_starts s ON s.order_id = e.order_id AND s.run_no = e.run_no - 1
WHERE e.starts_run = 1 AND e.previous_status IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM allowed a WHERE a.from_status = e.previous_status AND a.to_status = e.status)
ORDER BY e.t, alert_id;
