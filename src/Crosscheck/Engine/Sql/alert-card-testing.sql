-- CARD_TESTING: a paid event with at least N unconsumed payment failures of the user in the window before it; an
-- alert consumes every failure before it. Failures and paid events are numbered in release order; the failures at
-- or after paid.t − window are the last ones before the paid event (release order is by time), so a paid event is a
-- candidate when its N-th last failure g is inside the window, and it fires when g also comes after the previous
-- alert. Which alert was previous depends on earlier alerts: a recursive CTE chains them, one step per alert.
WITH RECURSIVE payments AS (
    SELECT user_id, seq, event_id, order_id, status, total_amount, t,
           sum(CASE WHEN status = 'payment_failed' THEN 1 ELSE 0 END) OVER (PARTITION BY user_id ORDER BY seq ROWS UNBOUNDED PRECEDING) AS failures_so_far
    FROM user_released
    WHERE status IN ('payment_failed', 'paid')
),
failures AS (
    SELECT * FROM payments WHERE status = 'payment_failed'
),
candidates AS (
    SELECT p.user_id, p.seq, p.event_id, p.order_id, p.total_amount, p.t, g.seq AS nth_last_failure
    FROM payments p
    JOIN failures g ON g.user_id = p.user_id AND g.failures_so_far = p.failures_so_far - getvariable('card_failures') + 1
    WHERE p.status = 'paid' AND g.t >= p.t - getvariable('card_window_ms')
),
fired AS (
    SELECT *, 0::BIGINT AS previous_seq FROM candidates QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY seq) = 1
    UNION ALL
    SELECT n.*, f.seq AS previous_seq
    FROM fired f JOIN candidates n ON n.user_id = f.user_id AND n.seq > f.seq AND n.nth_last_failure > f.seq
    QUALIFY row_number() OVER (PARTITION BY n.user_id ORDER BY n.seq) = 1
),
evidence AS (
    SELECT a.user_id, a.seq,
           list(struct_pack(event_id := f.event_id, order_id := f.order_id, status := f.status, amount := f.total_amount, t := f.t) ORDER BY f.seq) AS failures
    FROM fired a
    JOIN failures f ON f.user_id = a.user_id AND f.seq > a.previous_seq AND f.seq < a.seq AND f.t >= a.t - getvariable('card_window_ms')
    GROUP BY a.user_id, a.seq
)
SELECT a.user_id, a.order_id, a.total_amount AS amount, a.t,
       list_append(e.failures, struct_pack(event_id := a.event_id, order_id := a.order_id, status := 'paid', amount := a.total_amount, t := a.t)) AS evidence,
       alert_id('CARD_TESTING', a.user_id, list_append(list_transform(e.failures, lambda x: x.event_id), a.event_id)) AS alert_id,
       len(e.failures) AS failure_count
FROM fired a JOIN evidence e USING (user_id, seq)
ORDER BY a.t, alert_id;
