-- SPEC §3.1 sessions. Step 1: which user events are late (session_walk).
--
-- An event at t is late when t + G <= watermark, or when it would join a session whose close point last + G the
-- watermark has already reached (that session is emitted, or due). Whether that holds depends on which earlier
-- events were accepted, so it is decided walking each user's events in arrival order (a recursive CTE, one step per
-- event). The state after each step is
--   horizon:    the latest accepted event time whose own window [t, t + G) the watermark has closed (t + G <= wm);
--   open_times: the accepted event times whose window is still open (t + G > wm).
-- Every accepted event later than horizon is open, so horizon's session is closed exactly when no open time lies in
-- (horizon, horizon + G); and any closed session an event can join without being late by the first test is that
-- one. Hence: late = t + G <= wm OR (t < horizon + G AND no open time < horizon + G).
CREATE OR REPLACE TEMP TABLE session_arrivals AS
SELECT e.*,
       row_number() OVER (PARTITION BY user_id ORDER BY part, off) AS n,
       watermark_before(max(t) OVER (PARTITION BY part ORDER BY off ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) AS wm
FROM user_events e;

CREATE OR REPLACE TEMP TABLE session_walk AS
WITH RECURSIVE walk(user_id, n, horizon, open_times, late, reason) AS (
    SELECT DISTINCT user_id, 0::BIGINT, NULL::BIGINT, []::BIGINT[], false, NULL::VARCHAR FROM session_arrivals
    UNION ALL
    SELECT user_id, n, horizon,
           CASE WHEN late THEN open_kept ELSE list_append(open_kept, t) END,
           late, reason
    FROM (
        SELECT *,
               reason IS NOT NULL AS late
        FROM (
            SELECT *,
                   CASE
                       WHEN wm IS NOT NULL AND t + getvariable('gap_ms') <= wm THEN 'window'
                       WHEN horizon IS NOT NULL AND t < horizon + getvariable('gap_ms')
                            AND len(list_filter(open_kept, lambda x: x < horizon + getvariable('gap_ms'))) = 0 THEN 'closed'
                   END AS reason
            FROM (
                SELECT a.user_id, a.n, a.t, a.wm,
                       CASE WHEN a.wm IS NULL THEN w.horizon
                            ELSE greatest(w.horizon, list_max(list_filter(w.open_times, lambda x: x + getvariable('gap_ms') <= a.wm)))
                       END AS horizon,
                       CASE WHEN a.wm IS NULL THEN w.open_times
                            ELSE list_filter(w.open_times, lambda x: x + getvariable('gap_ms') > a.wm)
                       END AS open_kept
                FROM walk w JOIN session_arrivals a ON a.user_id = w.user_id AND a.n = w.n + 1
            )
        )
    )
)
SELECT user_id, n, late, reason, horizon FROM walk WHERE n > 0;
