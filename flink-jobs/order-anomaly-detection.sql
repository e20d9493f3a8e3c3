-- SPEC §3.3 order anomalies as Flink SQL (1.20 / 2.x): order_events -> flink_order_anomaly_alerts.
-- Written against the Flink documentation; nothing on the development machine can run Flink (see README.md, which also
-- lists where this job differs from SPEC: HIGH_FREQUENCY's suppression cannot be expressed exactly).
-- Run: envsubst < order-anomaly-detection.sql > /tmp/job.sql && sql-client.sh -f /tmp/job.sql

SET 'table.local-time-zone' = 'UTC';
SET 'table.exec.source.idle-timeout' = '30 s';
SET 'pipeline.name' = 'order-anomaly-detection';
SET 'execution.checkpointing.interval' = '10 s';

CREATE TABLE order_events (
    event_id         STRING,
    order_id         STRING,
    user_id          STRING,
    status           STRING,
    total_amount     DECIMAL(38, 10),
    currency         STRING,
    items            ARRAY<ROW<product_id STRING, quantity INT, price DECIMAL(38, 10)>>,
    payment_method   STRING,
    `timestamp`      STRING,
    ingested_at      STRING,
    event_ms AS UNIX_TIMESTAMP(SUBSTRING(`timestamp` FROM 1 FOR 19), 'yyyy-MM-dd''T''HH:mm:ss') * 1000
                + CAST(SUBSTRING(`timestamp` FROM 21 FOR 3) AS BIGINT),
    event_time AS TO_TIMESTAMP_LTZ(event_ms, 3),
    proc_time AS PROCTIME(),
    -- B = 5 s, less 1 ms: CEP and the window operators treat t <= watermark as late and release t <= watermark;
    -- SPEC's rules treat t < watermark as late and release t < watermark.
    WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND - INTERVAL '0.001' SECOND
) WITH (
    'connector' = 'kafka',
    'topic' = 'order_events',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
    'properties.group.id' = 'flink-order-anomaly-detection',
    'scan.startup.mode' = 'earliest-offset',
    'format' = 'json',
    'json.fail-on-missing-field' = 'false',
    'json.ignore-parse-errors' = 'true'
);

CREATE TABLE flink_order_anomaly_alerts (
    alert_id     STRING,
    rule         STRING,
    severity     STRING,
    user_id      STRING,
    order_id     STRING,
    amount       DECIMAL(38, 10),
    event_time   STRING,
    detected_at  STRING,
    description  STRING,
    evidence     ROW<events ARRAY<ROW<event_id STRING, order_id STRING, status STRING, amount DECIMAL(38, 10), event_time STRING>>,
                     `values` MAP<STRING, DECIMAL(38, 10)>>,
    headers      MAP<STRING, BYTES> METADATA
) WITH (
    'connector' = 'kafka',
    'topic' = 'flink_order_anomaly_alerts',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
    'key.format' = 'raw',
    'key.fields' = 'alert_id',
    'value.format' = 'json',
    'value.fields-include' = 'ALL',
    'value.json.encode.decimal-as-plain-number' = 'true',
    'sink.delivery-guarantee' = 'exactly-once',
    'sink.transactional-id-prefix' = 'flink-order-anomaly-alerts'
);

-- Each event with its time in the result format and as an evidence entry. Numbers in descriptions lose their
-- trailing zeros as the engine writes them (6000000, 0.01).
CREATE TEMPORARY VIEW orders AS
SELECT
    *,
    DATE_FORMAT(CAST(event_time AS TIMESTAMP(3)), 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z''') AS event_iso,
    REGEXP_REPLACE(REGEXP_REPLACE(CAST(total_amount AS STRING), '(\.[0-9]*[1-9])0+$', '$1'), '\.0+$', '') AS amount_text,
    CAST(ROW(event_id, order_id, status, total_amount, DATE_FORMAT(CAST(event_time AS TIMESTAMP(3)), 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''))
        AS ROW<event_id STRING, order_id STRING, status STRING, amount DECIMAL(38, 10), event_time STRING>) AS evidence_event
FROM order_events;

-- HIGH_VALUE and TOTAL_MISMATCH look at events in arrival order; keeping the first row per key by processing time is
-- an insert-only deduplication in Flink, and the processing order of one Kafka partition is its offset order.
CREATE TEMPORARY VIEW first_arrivals AS
SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id, order_id ORDER BY proc_time ASC) AS arrival
    FROM orders
)
WHERE arrival = 1;

-- Σ price × quantity per event with items: UNNEST, then a 1 ms tumble per event (an insert-only aggregation; a plain
-- GROUP BY would be an updating stream). Late events are dropped by the window, as SPEC's TOTAL_MISMATCH skips them.
CREATE TEMPORARY VIEW itemized AS
SELECT event_id, order_id, user_id, status, total_amount, amount_text, event_iso, evidence_event,
       SUM(i.price * i.quantity) AS items_total, window_time
FROM TABLE(TUMBLE(
    TABLE (SELECT o.*, i.quantity, i.price FROM orders o CROSS JOIN UNNEST(o.items) AS i(product_id, quantity, price)),
    DESCRIPTOR(event_time), INTERVAL '0.001' SECOND))
GROUP BY event_id, order_id, user_id, status, total_amount, amount_text, event_iso, evidence_event, window_start, window_end, window_time;

CREATE TEMPORARY VIEW first_mismatches AS
SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id, order_id ORDER BY seen ASC) AS k
    FROM (SELECT *, PROCTIME() AS seen FROM itemized WHERE ABS(total_amount - items_total) > 0.01 * total_amount)
)
WHERE k = 1;

-- The orders counted by HIGH_FREQUENCY and AMOUNT_SPIKE: the first created event of each (user, order).
CREATE TEMPORARY VIEW counted_created AS
SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id, order_id ORDER BY proc_time ASC) AS k
    FROM orders WHERE status = 'created'
)
WHERE k = 1;

-- Orders created in (t − 10 min, t]: an OVER range includes its lower bound, so 10 min less 1 ms.
CREATE TEMPORARY VIEW frequency AS
SELECT *,
       COUNT(*) OVER w AS created_in_window,
       LISTAGG(event_id, ',') OVER w AS window_event_ids
FROM counted_created
WINDOW w AS (PARTITION BY user_id ORDER BY event_time RANGE BETWEEN INTERVAL '9:59.999' MINUTE TO SECOND PRECEDING AND CURRENT ROW);

-- SPEC suppresses an alert when the user had a HIGH_FREQUENCY *alert* in the window: that depends on the rule's own
-- earlier output, which SQL over a stream cannot refer to. Approximation: fire when no other *candidate* is in the
-- window (equal unless candidates keep coming for longer than the window; README.md).
CREATE TEMPORARY VIEW frequency_alerts AS
SELECT * FROM (
    SELECT *, COUNT(*) OVER c AS candidates_in_window
    FROM (SELECT * FROM frequency WHERE created_in_window >= 5)
    WINDOW c AS (PARTITION BY user_id ORDER BY event_time RANGE BETWEEN INTERVAL '9:59.999' MINUTE TO SECOND PRECEDING AND CURRENT ROW)
)
WHERE candidates_in_window = 1;

CREATE TEMPORARY VIEW spikes AS
SELECT * FROM (
    SELECT *,
           COUNT(*) OVER u - 1 AS history_count,
           SUM(total_amount) OVER u - total_amount AS history_sum
    FROM counted_created
    WINDOW u AS (PARTITION BY user_id ORDER BY event_time ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
WHERE history_count >= 3 AND total_amount * history_count > 5 * history_sum;

-- CARD_TESTING as a pattern over a user's payment events in event-time order: a failure, anything (reluctantly),
-- and a paid event once at least 3 failures are in the match, all within 15 min of the first failure (WITHIN is
-- exclusive, SPEC's window inclusive: 1 ms more). The earliest-starting match wins and SKIP PAST LAST ROW consumes
-- its failures; a paid event that does not fire is absorbed by A, keeping earlier failures, as SPEC does.
CREATE TEMPORARY VIEW card_testing AS
SELECT *
FROM (SELECT * FROM orders WHERE status IN ('payment_failed', 'paid'))
MATCH_RECOGNIZE (
    PARTITION BY user_id
    ORDER BY event_time, event_id
    MEASURES
        P.event_id AS paid_event_id,
        P.order_id AS order_id,
        P.total_amount AS amount,
        P.amount_text AS amount_text,
        P.event_iso AS event_iso,
        F.event_iso AS first_failure_iso,
        1 + COALESCE(SUM(CASE WHEN A.status = 'payment_failed' THEN 1 ELSE 0 END), 0) AS failures,
        CONCAT_WS(',', F.event_id, LISTAGG(CASE WHEN A.status = 'payment_failed' THEN A.event_id END, ','), P.event_id) AS evidence_ids,
        ARRAY_CONCAT(ARRAY[F.evidence_event],
                     COALESCE(ARRAY_AGG(CASE WHEN A.status = 'payment_failed' THEN A.evidence_event END IGNORE NULLS), ARRAY[F.evidence_event]),
                     ARRAY[P.evidence_event]) AS events_with_fill
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (F A*? P) WITHIN INTERVAL '15:00.001' MINUTE TO SECOND
    DEFINE
        F AS F.status = 'payment_failed',
        P AS P.status = 'paid' AND 1 + COALESCE(SUM(CASE WHEN A.status = 'payment_failed' THEN 1 ELSE 0 END), 0) >= 3
);

-- INVALID_TRANSITION over an order's events in event-time order: S sets a status, R repeats it, X moves to a status
-- the lifecycle does not allow after S. The next match starts at X (the order's new status).
CREATE TEMPORARY VIEW invalid_transitions AS
SELECT *
FROM orders
MATCH_RECOGNIZE (
    PARTITION BY order_id
    ORDER BY event_time, event_id
    MEASURES
        X.user_id AS user_id,
        X.event_id AS to_event_id,
        S.event_id AS from_event_id,
        S.status AS from_status,
        S.event_iso AS from_iso,
        X.status AS to_status,
        X.total_amount AS amount,
        X.event_iso AS event_iso,
        S.evidence_event AS from_event,
        X.evidence_event AS to_event
    ONE ROW PER MATCH
    AFTER MATCH SKIP TO LAST X
    -- bounded like the engine's order memory (7 days), so a finished order's partial matches do not live forever
    PATTERN (S R* X) WITHIN INTERVAL '7' DAY
    DEFINE
        R AS R.status = S.status,
        X AS X.status <> S.status AND NOT (
               (S.status = 'created' AND X.status IN ('payment_failed', 'paid', 'cancelled'))
            OR (S.status = 'payment_failed' AND X.status IN ('paid', 'cancelled'))
            OR (S.status = 'paid' AND X.status IN ('shipped', 'cancelled', 'refunded'))
            OR (S.status = 'shipped' AND X.status IN ('delivered', 'refunded'))
            OR (S.status = 'delivered' AND X.status = 'refunded'))
);

-- ORDER_STALLED: a created order with no paid or cancelled event before created + 30 min. A left interval join emits
-- the created row unmatched once the watermark has passed the interval; paid or cancelled before created counts as in
-- time (the lower bound is the engine's 7-day order memory).
CREATE TEMPORARY VIEW first_created AS
SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY proc_time ASC) AS k FROM orders WHERE status = 'created'
)
WHERE k = 1;

CREATE TEMPORARY VIEW settlements AS
SELECT order_id, event_id, event_time FROM order_events WHERE status IN ('paid', 'cancelled');

CREATE TEMPORARY VIEW stalled AS
SELECT c.*
FROM first_created c
LEFT JOIN settlements s
  ON s.order_id = c.order_id
 AND s.event_time >= c.event_time - INTERVAL '7' DAY
 AND s.event_time < c.event_time + INTERVAL '30' MINUTE
WHERE s.event_id IS NULL;

EXECUTE STATEMENT SET
BEGIN

INSERT INTO flink_order_anomaly_alerts
SELECT
    SUBSTRING(SHA256(CONCAT('HIGH_VALUE|', user_id, '|', event_id)) FROM 1 FOR 32),
    'HIGH_VALUE',
    CASE WHEN total_amount >= 5000000 THEN 'CRITICAL' ELSE 'HIGH' END,
    user_id, order_id, total_amount, event_iso,
    DATE_FORMAT(CAST(CURRENT_TIMESTAMP AS TIMESTAMP(3)), 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''),
    CONCAT('order ', order_id, ' of user ', user_id, ' has total ', amount_text,
           CASE WHEN total_amount >= 5000000 THEN ' at or above the critical threshold 5000000' ELSE ' at or above the high-value threshold 1000000' END),
    ROW(ARRAY[evidence_event], MAP['threshold', CAST(1000000 AS DECIMAL(38, 10)), 'critical_threshold', CAST(5000000 AS DECIMAL(38, 10))]),
    MAP['result_id', CAST(SUBSTRING(SHA256(CONCAT('HIGH_VALUE|', user_id, '|', event_id)) FROM 1 FOR 32) AS BYTES)]
FROM first_arrivals
WHERE total_amount >= 1000000;

INSERT INTO flink_order_anomaly_alerts
SELECT
    SUBSTRING(SHA256(CONCAT('TOTAL_MISMATCH|', user_id, '|', event_id)) FROM 1 FOR 32),
    'TOTAL_MISMATCH', 'LOW', user_id, order_id, total_amount, event_iso,
    DATE_FORMAT(CAST(CURRENT_TIMESTAMP AS TIMESTAMP(3)), 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''),
    CONCAT('order ', order_id, ' of user ', user_id, ': total ', amount_text, ' differs from the items'' sum ',
           REGEXP_REPLACE(REGEXP_REPLACE(CAST(items_total AS STRING), '(\.[0-9]*[1-9])0+$', '$1'), '\.0+$', ''), ' by ',
           REGEXP_REPLACE(REGEXP_REPLACE(CAST(ABS(total_amount - items_total) AS STRING), '(\.[0-9]*[1-9])0+$', '$1'), '\.0+$', ''), ', more than 1 %'),
    ROW(ARRAY[evidence_event], MAP['difference', CAST(ABS(total_amount - items_total) AS DECIMAL(38, 10)), 'items_total', CAST(items_total AS DECIMAL(38, 10)),
                                   'tolerance', CAST(0.01 AS DECIMAL(38, 10))]),
    MAP['result_id', CAST(SUBSTRING(SHA256(CONCAT('TOTAL_MISMATCH|', user_id, '|', event_id)) FROM 1 FOR 32) AS BYTES)]
FROM first_mismatches;

INSERT INTO flink_order_anomaly_alerts
SELECT
    SUBSTRING(SHA256(CONCAT('HIGH_FREQUENCY|', user_id, '|', window_event_ids)) FROM 1 FOR 32),
    'HIGH_FREQUENCY', 'HIGH', user_id, order_id, total_amount, event_iso,
    DATE_FORMAT(CAST(CURRENT_TIMESTAMP AS TIMESTAMP(3)), 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''),
    CONCAT('user ', user_id, ' created ', CAST(created_in_window AS STRING), ' orders within 600s (threshold 5), the last ', order_id, ' at ', event_iso),
    -- an OVER window aggregates no rows into an array: the evidence lists the triggering event (the id covers all)
    ROW(ARRAY[evidence_event], MAP['count', CAST(created_in_window AS DECIMAL(38, 10)), 'threshold', CAST(5 AS DECIMAL(38, 10)),
                                   'window_seconds', CAST(600 AS DECIMAL(38, 10))]),
    MAP['result_id', CAST(SUBSTRING(SHA256(CONCAT('HIGH_FREQUENCY|', user_id, '|', window_event_ids)) FROM 1 FOR 32) AS BYTES)]
FROM frequency_alerts;

INSERT INTO flink_order_anomaly_alerts
SELECT
    SUBSTRING(SHA256(CONCAT('AMOUNT_SPIKE|', user_id, '|', event_id)) FROM 1 FOR 32),
    'AMOUNT_SPIKE', 'MEDIUM', user_id, order_id, total_amount, event_iso,
    DATE_FORMAT(CAST(CURRENT_TIMESTAMP AS TIMESTAMP(3)), 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''),
    CONCAT('order ', order_id, ' of user ', user_id, ': amount ', amount_text, ' is more than 5 x the mean ',
           REGEXP_REPLACE(REGEXP_REPLACE(CAST(ROUND(history_sum / history_count, 6) AS STRING), '(\.[0-9]*[1-9])0+$', '$1'), '\.0+$', ''),
           ' of ', CAST(history_count AS STRING), ' earlier orders'),
    ROW(ARRAY[evidence_event], MAP['factor', CAST(5 AS DECIMAL(38, 10)), 'history_count', CAST(history_count AS DECIMAL(38, 10)),
                                   'history_sum', CAST(history_sum AS DECIMAL(38, 10)), 'mean', CAST(ROUND(history_sum / history_count, 6) AS DECIMAL(38, 10))]),
    MAP['result_id', CAST(SUBSTRING(SHA256(CONCAT('AMOUNT_SPIKE|', user_id, '|', event_id)) FROM 1 FOR 32) AS BYTES)]
FROM spikes;

INSERT INTO flink_order_anomaly_alerts
SELECT
    SUBSTRING(SHA256(CONCAT('CARD_TESTING|', user_id, '|', evidence_ids)) FROM 1 FOR 32),
    'CARD_TESTING', 'CRITICAL', user_id, order_id, amount, event_iso,
    DATE_FORMAT(CAST(CURRENT_TIMESTAMP AS TIMESTAMP(3)), 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''),
    CONCAT('user ', user_id, ' paid order ', order_id, ' at ', event_iso, ' after ', CAST(failures AS STRING), ' payment failures since ', first_failure_iso),
    -- ARRAY_AGG over no failures gives null; the COALESCE above fills F in and this slice drops the fill again
    ROW(CASE WHEN failures = 1 THEN ARRAY_CONCAT(ARRAY_SLICE(events_with_fill, 1, 1), ARRAY_SLICE(events_with_fill, 3, 3)) ELSE events_with_fill END,
        MAP['failures', CAST(failures AS DECIMAL(38, 10)), 'threshold', CAST(3 AS DECIMAL(38, 10)), 'window_seconds', CAST(900 AS DECIMAL(38, 10))]),
    MAP['result_id', CAST(SUBSTRING(SHA256(CONCAT('CARD_TESTING|', user_id, '|', evidence_ids)) FROM 1 FOR 32) AS BYTES)]
FROM card_testing;

INSERT INTO flink_order_anomaly_alerts
SELECT
    SUBSTRING(SHA256(CONCAT('INVALID_TRANSITION|', user_id, '|', from_event_id, ',', to_event_id)) FROM 1 FOR 32),
    'INVALID_TRANSITION', 'MEDIUM', user_id, order_id, amount, event_iso,
    DATE_FORMAT(CAST(CURRENT_TIMESTAMP AS TIMESTAMP(3)), 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''),
    CONCAT('order ', order_id, ' of user ', user_id, ' moved from ', from_status, ' (', from_iso, ') to ', to_status, ' (', event_iso, ')'),
    -- an empty MAP<STRING, DECIMAL> (Flink has no empty map literal): from two empty arrays
    ROW(ARRAY[from_event, to_event], MAP_FROM_ARRAYS(ARRAY_REMOVE(ARRAY[''], ''), ARRAY_REMOVE(ARRAY[CAST(0 AS DECIMAL(38, 10))], CAST(0 AS DECIMAL(38, 10))))),
    MAP['result_id', CAST(SUBSTRING(SHA256(CONCAT('INVALID_TRANSITION|', user_id, '|', from_event_id, ',', to_event_id)) FROM 1 FOR 32) AS BYTES)]
FROM invalid_transitions;

INSERT INTO flink_order_anomaly_alerts
SELECT
    SUBSTRING(SHA256(CONCAT('ORDER_STALLED|', user_id, '|', event_id)) FROM 1 FOR 32),
    'ORDER_STALLED', 'LOW', user_id, order_id, total_amount, event_iso,
    DATE_FORMAT(CAST(CURRENT_TIMESTAMP AS TIMESTAMP(3)), 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''),
    CONCAT('order ', order_id, ' of user ', user_id, ' was created at ', event_iso, ' and had no paid or cancelled event within 1800s'),
    ROW(ARRAY[evidence_event], MAP['timeout_seconds', CAST(1800 AS DECIMAL(38, 10))]),
    MAP['result_id', CAST(SUBSTRING(SHA256(CONCAT('ORDER_STALLED|', user_id, '|', event_id)) FROM 1 FOR 32) AS BYTES)]
FROM stalled;

END;
