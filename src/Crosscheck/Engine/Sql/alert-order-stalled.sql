-- ORDER_STALLED: an order's first released created event has no released paid or cancelled event before
-- created + timeout (an event at exactly the deadline is too late). The batch's end closes every deadline.
WITH first_created AS (
    SELECT * FROM order_released WHERE status = 'created'
    QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY seq) = 1
)
SELECT c.user_id, c.order_id, c.total_amount AS amount, c.t,
       [struct_pack(event_id := c.event_id, order_id := c.order_id, status := c.status, amount := c.total_amount, t := c.t)] AS evidence,
       alert_id('ORDER_STALLED', c.user_id, [c.event_id]) AS alert_id
FROM first_created c
WHERE NOT EXISTS (
    SELECT 1 FROM order_released s
    WHERE s.order_id = c.order_id AND s.status IN ('paid', 'cancelled') AND s.t < c.t + getvariable('stall_timeout_ms')
)
ORDER BY c.t, alert_id;
