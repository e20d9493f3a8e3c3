-- SPEC §3.1 sessions. Step 2: the accepted events of a user, sorted by event time, start a new session at a gap of
-- G or more (gaps-and-islands); every session is closed at the end of the batch.
WITH accepted AS (
    SELECT a.* FROM session_arrivals a JOIN session_walk w USING (user_id, n) WHERE NOT w.late
),
marked AS (
    SELECT *,
           CASE WHEN lag(t) OVER (PARTITION BY user_id ORDER BY t, part, off) > t - getvariable('gap_ms') THEN 0 ELSE 1 END AS starts
    FROM accepted
),
numbered AS (
    SELECT *, sum(starts) OVER (PARTITION BY user_id ORDER BY t, part, off ROWS UNBOUNDED PRECEDING) AS session_no
    FROM marked
)
SELECT user_id,
       min(t) AS session_start,
       max(t) AS session_end,
       count(*) AS event_count,
       count(*) FILTER (WHERE event_type = 'page_view') AS page_views,
       count(*) FILTER (WHERE event_type = 'purchase') AS purchases,
       histogram(event_type) AS event_types,
       count(DISTINCT page_url) FILTER (WHERE page_url <> '') AS distinct_pages,
       list(DISTINCT device) FILTER (WHERE device <> '') AS devices
FROM numbered
GROUP BY user_id, session_no
ORDER BY session_end, user_id;
