-- SPEC §3.1 user sessions as Flink SQL (1.20 / 2.x): user_events -> flink_user_session_analytics.
-- Written against the Flink documentation; nothing on the development machine can run Flink (see README.md).
-- Run: envsubst < user-session-analytics.sql > /tmp/job.sql && sql-client.sh -f /tmp/job.sql

SET 'table.local-time-zone' = 'UTC';
-- SPEC idle_after: a partition that sends nothing for 30 s stops holding the watermark back.
SET 'table.exec.source.idle-timeout' = '30 s';
SET 'pipeline.name' = 'user-session-analytics';
-- The Kafka sink commits its transactions on checkpoints (exactly-once).
SET 'execution.checkpointing.interval' = '10 s';

CREATE TABLE user_events (
    event_id     STRING,
    user_id      STRING,
    event_type   STRING,
    page_url     STRING,
    metadata     ROW<device STRING, location STRING, session_id STRING>,
    `timestamp`  STRING,
    ingested_at  STRING,
    -- Event time in epoch milliseconds; the gateway writes every time as yyyy-MM-ddTHH:mm:ss.SSSZ (UTC).
    event_ms AS UNIX_TIMESTAMP(SUBSTRING(`timestamp` FROM 1 FOR 19), 'yyyy-MM-dd''T''HH:mm:ss') * 1000
                + CAST(SUBSTRING(`timestamp` FROM 21 FOR 3) AS BIGINT),
    event_time AS TO_TIMESTAMP_LTZ(event_ms, 3),
    -- SPEC's bound B = 5 s. Flink fires a window when the watermark reaches its end - 1 ms and its session windows
    -- below use the gap G - 1 ms, so 2 ms less here make a session close, and an event be late, exactly at SPEC's
    -- watermark (README.md, "Semantic edges").
    WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND - INTERVAL '0.002' SECOND
) WITH (
    'connector' = 'kafka',
    'topic' = 'user_events',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
    'properties.group.id' = 'flink-user-session-analytics',
    'scan.startup.mode' = 'earliest-offset',
    'format' = 'json',
    'json.fail-on-missing-field' = 'false',
    'json.ignore-parse-errors' = 'true'
);

-- Same fields and JSON as user_session_analytics; times as strings in the result topics' exact format.
CREATE TABLE flink_user_session_analytics (
    user_id          STRING,
    session_id       STRING,
    session_start    STRING,
    session_end      STRING,
    duration_seconds DOUBLE,
    event_count      BIGINT,
    page_views       BIGINT,
    purchases        BIGINT,
    event_types      MULTISET<STRING>,
    distinct_pages   BIGINT,
    devices          ARRAY<STRING>,
    gap_seconds      DOUBLE,
    headers          MAP<STRING, BYTES> METADATA
) WITH (
    'connector' = 'kafka',
    'topic' = 'flink_user_session_analytics',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
    'key.format' = 'raw',
    'key.fields' = 'user_id',
    'value.format' = 'json',
    'value.fields-include' = 'ALL',
    'sink.delivery-guarantee' = 'exactly-once',
    'sink.transactional-id-prefix' = 'flink-user-session-analytics'
);

INSERT INTO flink_user_session_analytics
SELECT
    user_id,
    CONCAT(user_id, ':', CAST(MIN(event_ms) AS STRING)) AS session_id,
    DATE_FORMAT(CAST(TO_TIMESTAMP_LTZ(MIN(event_ms), 3) AS TIMESTAMP(3)), 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z''') AS session_start,
    DATE_FORMAT(CAST(TO_TIMESTAMP_LTZ(MAX(event_ms), 3) AS TIMESTAMP(3)), 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z''') AS session_end,
    CAST(MAX(event_ms) - MIN(event_ms) AS DOUBLE) / 1000 AS duration_seconds,
    COUNT(*) AS event_count,
    COUNT(*) FILTER (WHERE event_type = 'page_view') AS page_views,
    COUNT(*) FILTER (WHERE event_type = 'purchase') AS purchases,
    -- a MULTISET is written as {"page_view": 3, ...}, the shape of event_types
    COLLECT(event_type) AS event_types,
    COUNT(DISTINCT NULLIF(page_url, '')) AS distinct_pages,
    -- ARRAY_REMOVE(ARRAY[''], '') is an empty ARRAY<STRING>: a session without devices has [] as ours, not null
    COALESCE(ARRAY_SORT(ARRAY_AGG(DISTINCT NULLIF(metadata.device, '') IGNORE NULLS)), ARRAY_REMOVE(ARRAY[''], '')) AS devices,
    CAST(300 AS DOUBLE) AS gap_seconds,
    MAP['result_id', CAST(CONCAT(user_id, ':', CAST(MIN(event_ms) AS STRING)) AS BYTES)] AS headers
FROM TABLE(
    -- SPEC's gap G = 5 min, less 1 ms: Flink merges session windows that merely touch, SPEC starts a new session
    -- at a gap of exactly G.
    SESSION(TABLE user_events PARTITION BY user_id, DESCRIPTOR(event_time), INTERVAL '4:59.999' MINUTE TO SECOND))
GROUP BY user_id, window_start, window_end;
