namespace Streaming.Analytics.Anomalies;

/// <summary>
/// One alert: an <c>order_anomaly_alerts</c> record (SPEC §3.3), keyed by <see cref="AlertId"/>. Serialize it with
/// <see cref="OrdersJsonContext"/>. Everything but <see cref="DetectedAt"/> is a deterministic function of the input
/// events and the options.
/// </summary>
/// <param name="AlertId">32 lowercase hex digits: the first 128 bits of SHA-256 of <c>RULE|user_id|event_id,event_id,…</c> (the evidence events, in order).</param>
/// <param name="Rule">The rule that fired.</param>
/// <param name="Severity">Its severity.</param>
/// <param name="UserId">The user.</param>
/// <param name="OrderId">The order of the triggering event.</param>
/// <param name="Amount">The triggering event's total_amount.</param>
/// <param name="EventTime">Event time of the triggering event.</param>
/// <param name="DetectedAt">Wall-clock time of detection (given by the caller).</param>
/// <param name="Description">A human-readable sentence.</param>
/// <param name="Evidence">The events and figures that made it fire.</param>
public sealed record AnomalyAlert(
    string AlertId,
    AnomalyRule Rule,
    AlertSeverity Severity,
    string UserId,
    string OrderId,
    decimal Amount,
    DateTimeOffset EventTime,
    DateTimeOffset DetectedAt,
    string Description,
    AlertEvidence Evidence);
