SELECT product_id, window_start, window_end, views, add_to_cart, purchases, unique_users, revenue,
       conversion_micros, cart_micros, popularity_score, category, brand
FROM popularity
ORDER BY window_end, product_id;
