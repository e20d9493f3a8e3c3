-- SPEC §3.2 popularity. An event at t lies in pane p = floor(t / S)·S and in the windows starting at p − W + S … p.
-- It counts in each of those windows that is still open at its arrival (end > its partition's watermark), as a
-- window operator skips windows it has already fired; it is late when none is open.
CREATE OR REPLACE TEMP TABLE product_arrivals AS
SELECT e.*,
       watermark_before(max(t) OVER (PARTITION BY part ORDER BY off ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) AS wm,
       t - (((t % getvariable('slide_ms')) + getvariable('slide_ms')) % getvariable('slide_ms')) AS pane
FROM product_events e;

CREATE OR REPLACE TEMP TABLE popularity AS
WITH assigned AS (
    SELECT a.*, unnest(range(a.pane - getvariable('size_ms') + getvariable('slide_ms'), a.pane + getvariable('slide_ms'), getvariable('slide_ms'))) AS window_start
    FROM product_arrivals a
),
counted AS (
    SELECT * FROM assigned WHERE wm IS NULL OR window_start + getvariable('size_ms') > wm
),
sums AS (
    SELECT product_id,
           window_start,
           window_start + getvariable('size_ms') AS window_end,
           count(*) FILTER (WHERE action = 'view') AS views,
           count(*) FILTER (WHERE action = 'add_to_cart') AS add_to_cart,
           coalesce(sum(quantity) FILTER (WHERE action = 'purchase'), 0)::BIGINT AS purchases,
           count(DISTINCT user_id) FILTER (WHERE user_id <> '') AS unique_users,
           coalesce(sum(price * quantity) FILTER (WHERE action = 'purchase' AND price IS NOT NULL), 0) AS revenue,
           -- the latest event that had one: by event time, then event id, then value
           first(category ORDER BY t DESC, event_id DESC, category DESC) FILTER (WHERE category <> '') AS category,
           first(brand ORDER BY t DESC, event_id DESC, brand DESC) FILTER (WHERE brand <> '') AS brand
    FROM counted
    GROUP BY product_id, window_start
)
SELECT *,
       -- rates in millionths, rounded half up (all operands are non-negative): floor((2·a·10^6 + v) / (2·v))
       CASE WHEN views = 0 THEN 0 ELSE (2 * purchases * 1000000 + views) // (2 * views) END AS conversion_micros,
       CASE WHEN views = 0 THEN 0 ELSE (2 * add_to_cart * 1000000 + views) // (2 * views) END AS cart_micros,
       views + 3 * add_to_cart + 5 * purchases AS popularity_score
FROM sums;
