-- SPEC §3.2 trending: per window, the top N products by popularity score (ties: product id ascending), overall and
-- per category (products without a category are ranked only overall). One row per listed entry.
WITH ranked AS (
    SELECT *,
           row_number() OVER (PARTITION BY window_start ORDER BY popularity_score DESC, product_id) AS overall_rank,
           row_number() OVER (PARTITION BY window_start, category ORDER BY popularity_score DESC, product_id) AS category_rank,
           count(*) OVER (PARTITION BY window_start) AS product_count
    FROM popularity
)
SELECT window_start, window_end, product_count, overall_rank, category_rank, product_id, popularity_score,
       views, add_to_cart, purchases, unique_users, revenue, category, brand
FROM ranked
WHERE overall_rank <= getvariable('top_n') OR (category IS NOT NULL AND category_rank <= getvariable('top_n'))
ORDER BY window_end, overall_rank;
