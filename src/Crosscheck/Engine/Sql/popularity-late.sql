-- Product events whose last window (pane + W) had closed at their arrival.
SELECT part, off, event_id, t, wm, pane + getvariable('size_ms') AS last_window_end
FROM product_arrivals
WHERE wm IS NOT NULL AND pane + getvariable('size_ms') <= wm
ORDER BY part, off;
