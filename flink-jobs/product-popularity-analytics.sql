-- SPEC §3.2 product popularity and trending as Flink SQL (1.20 / 2.x):
-- product_analytics -> flink_product_popularity_metrics, flink_trending_products.
-- Written against the Flink documentation; nothing on the development machine can run Flink (see README.md).
-- Run: envsubst < product-popularity-analytics.sql > /tmp/job.sql && sql-client.sh -f /tmp/job.sql

SET 'table.local-time-zone' = 'UTC';
SET 'table.exec.source.idle-timeout' = '30 s';
SET 'pipeline.name' = 'product-popularity-analytics';
SET 'execution.checkpointing.interval' = '10 s';

CREATE TABLE product_analytics (
    event_id     STRING,
    product_id   STRING,
    action       STRING,
    user_id      STRING,
    session_id   STRING,
    quantity     INT,
    properties   ROW<category STRING, price DECIMAL(38, 10), brand STRING>,
    `timestamp`  STRING,
    ingested_at  STRING,
    event_ms AS UNIX_TIMESTAMP(SUBSTRING(`timestamp` FROM 1 FOR 19), 'yyyy-MM-dd''T''HH:mm:ss') * 1000
                + CAST(SUBSTRING(`timestamp` FROM 21 FOR 3) AS BIGINT),
    event_time AS TO_TIMESTAMP_LTZ(event_ms, 3),
    -- B = 5 s, less 1 ms: Flink fires [s, e) at watermark e - 1 and drops an event whose last window has
    -- e - 1 <= watermark; SPEC closes at watermark e. One millisecond less makes them the same.
    WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND - INTERVAL '0.001' SECOND
) WITH (
    'connector' = 'kafka',
    'topic' = 'product_analytics',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
    'properties.group.id' = 'flink-product-popularity-analytics',
    'scan.startup.mode' = 'earliest-offset',
    'format' = 'json',
    'json.fail-on-missing-field' = 'false',
    'json.ignore-parse-errors' = 'true'
);

-- One row per product and closed hop window (W = 10 min, S = 1 min, aligned to the epoch).
CREATE TEMPORARY VIEW product_windows AS
SELECT
    product_id,
    window_start,
    window_end,
    window_time,
    COUNT(*) FILTER (WHERE action = 'view') AS views,
    COUNT(*) FILTER (WHERE action = 'add_to_cart') AS add_to_cart,
    CAST(COALESCE(SUM(COALESCE(quantity, 1)) FILTER (WHERE action = 'purchase'), 0) AS BIGINT) AS purchases,
    COUNT(DISTINCT NULLIF(user_id, '')) AS unique_users,
    COALESCE(SUM(properties.price * COALESCE(quantity, 1)) FILTER (WHERE action = 'purchase'), 0) AS revenue,
    -- the value of the latest event that had one: by event time, then event id, then value, as SPEC's
    -- "latest event" is ordered by the engine; a string maximum of 'time|event_id|value' (event ids have no '|')
    REGEXP_EXTRACT(MAX(CONCAT(LPAD(CAST(event_ms AS STRING), 15, '0'), '|', event_id, '|', NULLIF(properties.category, ''))), '^[^|]*[|][^|]*[|](.*)$', 1) AS category,
    REGEXP_EXTRACT(MAX(CONCAT(LPAD(CAST(event_ms AS STRING), 15, '0'), '|', event_id, '|', NULLIF(properties.brand, ''))), '^[^|]*[|][^|]*[|](.*)$', 1) AS brand
FROM TABLE(HOP(TABLE product_analytics, DESCRIPTOR(event_time), INTERVAL '1' MINUTE, INTERVAL '10' MINUTE))
GROUP BY product_id, window_start, window_end, window_time;

CREATE TEMPORARY VIEW product_popularity AS
SELECT
    product_id, window_start, window_end, window_time, views, add_to_cart, purchases, unique_users, revenue,
    CASE WHEN views = 0 THEN CAST(0 AS DECIMAL(20, 6)) ELSE ROUND(CAST(purchases AS DECIMAL(20, 6)) / views, 6) END AS conversion_rate,
    CASE WHEN views = 0 THEN CAST(0 AS DECIMAL(20, 6)) ELSE ROUND(CAST(add_to_cart AS DECIMAL(20, 6)) / views, 6) END AS cart_rate,
    1 * views + 3 * add_to_cart + 5 * purchases AS popularity_score,
    category,
    brand
FROM product_windows;

CREATE TABLE flink_product_popularity_metrics (
    product_id       STRING,
    window_start     STRING,
    window_end       STRING,
    views            BIGINT,
    add_to_cart      BIGINT,
    purchases        BIGINT,
    unique_users     BIGINT,
    revenue          DECIMAL(38, 10),
    conversion_rate  DECIMAL(20, 6),
    cart_rate        DECIMAL(20, 6),
    popularity_score BIGINT,
    category         STRING,
    brand            STRING,
    headers          MAP<STRING, BYTES> METADATA
) WITH (
    'connector' = 'kafka',
    'topic' = 'flink_product_popularity_metrics',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
    'key.format' = 'raw',
    'key.fields' = 'product_id',
    'value.format' = 'json',
    'value.fields-include' = 'ALL',
    'value.json.encode.decimal-as-plain-number' = 'true',
    'sink.delivery-guarantee' = 'exactly-once',
    'sink.transactional-id-prefix' = 'flink-product-popularity'
);

-- Trending: the top N = 10 of each window overall (list_key '') and per category (list_key = the category), as one
-- window Top-N over both fan-outs; ties by product id ascending.
CREATE TEMPORARY VIEW trending_entries AS
SELECT * FROM (
    SELECT *,
           ROW_NUMBER() OVER (PARTITION BY window_start, window_end, list_key ORDER BY popularity_score DESC, product_id ASC) AS `rank`
    FROM (
        SELECT '' AS list_key, p.* FROM product_popularity p
        UNION ALL
        SELECT category AS list_key, p.* FROM product_popularity p WHERE category IS NOT NULL
    )
)
WHERE `rank` <= 10;

-- One row per hop window and list, regrouped by window_time: each hop window ends within its own slide, so a tumble
-- of one slide over window_time holds exactly one hop window (cascading window aggregation, as in the Flink docs).
CREATE TEMPORARY VIEW trending_list AS
SELECT
    hop_start,
    hop_end,
    list_key,
    window_time AS rowtime,
    ARRAY_AGG(CAST(ROW(`rank`, product_id, popularity_score, views, add_to_cart, purchases, unique_users, revenue, category, brand)
        AS ROW<`rank` BIGINT, product_id STRING, popularity_score BIGINT, views BIGINT, add_to_cart BIGINT, purchases BIGINT,
               unique_users BIGINT, revenue DECIMAL(38, 10), category STRING, brand STRING>)) AS entries
FROM TABLE(TUMBLE(
    TABLE (SELECT window_start AS hop_start, window_end AS hop_end, window_time AS entry_time, list_key, `rank`, product_id,
                  popularity_score, views, add_to_cart, purchases, unique_users, revenue, category, brand FROM trending_entries),
    DESCRIPTOR(entry_time), INTERVAL '1' MINUTE))
GROUP BY hop_start, hop_end, list_key, window_start, window_end, window_time;

CREATE TEMPORARY VIEW trending_lists AS
SELECT
    hop_start,
    hop_end,
    window_start,
    window_end,
    (ARRAY_AGG(entries) FILTER (WHERE list_key = ''))[1] AS top_products,
    MAP_FROM_ARRAYS(ARRAY_AGG(list_key) FILTER (WHERE list_key <> ''), ARRAY_AGG(entries) FILTER (WHERE list_key <> '')) AS by_category
FROM TABLE(TUMBLE(TABLE trending_list, DESCRIPTOR(rowtime), INTERVAL '1' MINUTE))
GROUP BY hop_start, hop_end, window_start, window_end;

-- How many products had events in each hop window (the Top-N above keeps only N of them).
CREATE TEMPORARY VIEW trending_counts AS
SELECT hop_start, hop_end, window_start, window_end, COUNT(*) AS product_count
FROM TABLE(TUMBLE(
    TABLE (SELECT window_start AS hop_start, window_end AS hop_end, window_time AS product_time, product_id FROM product_popularity),
    DESCRIPTOR(product_time), INTERVAL '1' MINUTE))
GROUP BY hop_start, hop_end, window_start, window_end;

CREATE TABLE flink_trending_products (
    window_start  STRING,
    window_end    STRING,
    product_count BIGINT,
    top_products  ARRAY<ROW<`rank` BIGINT, product_id STRING, popularity_score BIGINT, views BIGINT, add_to_cart BIGINT,
                            purchases BIGINT, unique_users BIGINT, revenue DECIMAL(38, 10), category STRING, brand STRING>>,
    by_category   MAP<STRING, ARRAY<ROW<`rank` BIGINT, product_id STRING, popularity_score BIGINT, views BIGINT, add_to_cart BIGINT,
                            purchases BIGINT, unique_users BIGINT, revenue DECIMAL(38, 10), category STRING, brand STRING>>>,
    headers       MAP<STRING, BYTES> METADATA
) WITH (
    'connector' = 'kafka',
    'topic' = 'flink_trending_products',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
    'key.format' = 'raw',
    'key.fields' = 'window_end',
    'value.format' = 'json',
    'value.fields-include' = 'ALL',
    'value.json.encode.decimal-as-plain-number' = 'true',
    'sink.delivery-guarantee' = 'exactly-once',
    'sink.transactional-id-prefix' = 'flink-trending-products'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO flink_product_popularity_metrics
SELECT
    product_id,
    DATE_FORMAT(window_start, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z''') AS window_start,
    DATE_FORMAT(window_end, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z''') AS window_end,
    views, add_to_cart, purchases, unique_users, revenue, conversion_rate, cart_rate, popularity_score, category, brand,
    -- result id {window_start ms}:{product_id}
    MAP['result_id', CAST(CONCAT(CAST(UNIX_TIMESTAMP(DATE_FORMAT(window_start, 'yyyy-MM-dd HH:mm:ss')) * 1000
                                      + CAST(DATE_FORMAT(window_start, 'SSS') AS BIGINT) AS STRING), ':', product_id) AS BYTES)] AS headers
FROM product_popularity;

-- One record per window once all its lists are complete: a window join of the lists and the count.
INSERT INTO flink_trending_products
SELECT
    DATE_FORMAT(l.hop_start, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z''') AS window_start,
    DATE_FORMAT(l.hop_end, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z''') AS window_end,
    c.product_count,
    l.top_products,
    l.by_category,
    MAP['result_id', CAST(DATE_FORMAT(l.hop_end, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z''') AS BYTES)] AS headers
FROM trending_lists l
JOIN trending_counts c
  ON l.window_start = c.window_start AND l.window_end = c.window_end AND l.hop_start = c.hop_start AND l.hop_end = c.hop_end;

END;
