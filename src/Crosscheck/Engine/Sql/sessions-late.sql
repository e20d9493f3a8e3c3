-- The user events session_walk found late, with the watermark at their arrival.
SELECT a.part, a.off, a.event_id, a.t, a.wm, w.reason, w.horizon
FROM session_arrivals a JOIN session_walk w USING (user_id, n)
WHERE w.late
ORDER BY a.part, a.off;
