-- SPEC §3.3, shared steps. An order event is late when its time is before its partition's watermark at arrival.
CREATE OR REPLACE TEMP TABLE order_arrivals AS
WITH items AS (
    SELECT part, off, sum(price * quantity) AS items_total FROM order_items GROUP BY part, off
)
SELECT e.*, i.items_total,
       watermark_before(max(e.t) OVER (PARTITION BY e.part ORDER BY e.off ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) AS wm
FROM order_events e LEFT JOIN items i USING (part, off);

-- The rules that look at several events see a user's (or an order's) accepted events in event-time order, ties by
-- event id, as a CEP operator releases them behind the watermark; an event delivered twice (same time and id) once.
CREATE OR REPLACE TEMP TABLE user_released AS
SELECT * EXCLUDE (copy), row_number() OVER (PARTITION BY user_id ORDER BY t, event_id) AS seq
FROM (SELECT *, row_number() OVER (PARTITION BY user_id, t, event_id ORDER BY part, off) AS copy
      FROM order_arrivals WHERE wm IS NULL OR t >= wm)
WHERE copy = 1;

CREATE OR REPLACE TEMP TABLE order_released AS
SELECT * EXCLUDE (copy), row_number() OVER (PARTITION BY order_id ORDER BY t, event_id) AS seq
FROM (SELECT *, row_number() OVER (PARTITION BY order_id, t, event_id ORDER BY part, off) AS copy
      FROM order_arrivals WHERE wm IS NULL OR t >= wm)
WHERE copy = 1;

-- HIGH_FREQUENCY and AMOUNT_SPIKE count an order once: its first released created event.
CREATE OR REPLACE TEMP TABLE counted_created AS
SELECT * EXCLUDE (k) FROM (
    SELECT *, row_number() OVER (PARTITION BY user_id, order_id ORDER BY seq) AS k FROM user_released WHERE status = 'created'
) WHERE k = 1;
