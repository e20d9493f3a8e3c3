-- HIGH_FREQUENCY: a counted created event at t whose count of counted created events in (t − window, t] (those
-- released up to it) reaches the threshold, and no HIGH_FREQUENCY alert of the user in (t − window, t]. The
-- suppression depends on the rule's own earlier alerts, so the alerts are chained: the first candidate fires, then
-- the first candidate at least one window after the last alert (a recursive CTE, one step per alert).
WITH RECURSIVE candidates AS (
    SELECT c.user_id, c.seq, c.order_id, c.total_amount AS amount, c.t,
           list(struct_pack(event_id := p.event_id, order_id := p.order_id, status := p.status, amount := p.total_amount, t := p.t) ORDER BY p.seq) AS evidence
    FROM counted_created c
    JOIN counted_created p ON p.user_id = c.user_id AND p.seq <= c.seq AND p.t > c.t - getvariable('frequency_window_ms')
    GROUP BY c.user_id, c.seq, c.order_id, c.total_amount, c.t
    HAVING count(*) >= getvariable('frequency_count')
),
fired AS (
    SELECT * FROM candidates QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY seq) = 1
    UNION ALL
    SELECT n.* FROM fired f JOIN candidates n ON n.user_id = f.user_id AND n.t >= f.t + getvariable('frequency_window_ms')
    QUALIFY row_number() OVER (PARTITION BY n.user_id ORDER BY n.seq) = 1
)
SELECT user_id, order_id, amount, t, evidence,
       alert_id('HIGH_FREQUENCY', user_id, list_transform(evidence, lambda e: e.event_id)) AS alert_id
FROM fired
ORDER BY t, alert_id;
