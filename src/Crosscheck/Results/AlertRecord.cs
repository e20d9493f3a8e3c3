using System.Collections.Immutable;

namespace Streaming.Crosscheck.Results;

/// <summary>One alert as <c>order_anomaly_alerts</c> carries it (SPEC §3.3).</summary>
/// <param name="AlertId">First 32 lowercase hex digits of SHA-256 over UTF-8 <c>RULE|user_id|event_id,event_id,…</c> (the evidence events in order).</param>
/// <param name="Rule">The rule, e.g. <c>HIGH_VALUE</c>.</param>
/// <param name="Severity"><c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c> or <c>CRITICAL</c>.</param>
/// <param name="UserId">The user.</param>
/// <param name="OrderId">The order of the triggering event.</param>
/// <param name="Amount">The triggering event's total_amount.</param>
/// <param name="EventTime">Event time of the triggering event.</param>
/// <param name="DetectedAt">Wall clock of the run that found it (never compared).</param>
/// <param name="Description">A sentence saying what fired.</param>
/// <param name="Evidence">The events and figures that made it fire.</param>
public sealed record AlertRecord(
    string AlertId,
    string Rule,
    string Severity,
    string UserId,
    string OrderId,
    decimal Amount,
    DateTimeOffset EventTime,
    DateTimeOffset DetectedAt,
    string Description,
    AlertEvidence Evidence);

/// <summary>What made an alert fire.</summary>
/// <param name="Events">The evidence events in event-time order (the trigger last, except for ORDER_STALLED's single created event).</param>
/// <param name="Values">The figures compared, by name.</param>
public sealed record AlertEvidence(ImmutableArray<EvidenceEvent> Events, ImmutableSortedDictionary<string, decimal> Values);

/// <summary>An input event named in an alert's evidence.</summary>
/// <param name="EventId">Its id.</param>
/// <param name="OrderId">Its order.</param>
/// <param name="Status">Its status (wire name).</param>
/// <param name="Amount">Its total_amount.</param>
/// <param name="EventTime">Its event time.</param>
public sealed record EvidenceEvent(string EventId, string OrderId, string Status, decimal Amount, DateTimeOffset EventTime);
