SELECT part, off, event_id, t, wm FROM order_arrivals WHERE wm IS NOT NULL AND t < wm ORDER BY part, off;
