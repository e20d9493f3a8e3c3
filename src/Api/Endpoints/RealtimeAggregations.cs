namespace Streaming.Api.Endpoints;

/// <summary>
/// The answer of <c>GET /api/v1/analytics/realtime-aggregations</c>: what this node's engine has
/// produced since it started, per analytic.
/// </summary>
public sealed record RealtimeAggregations(
    long SessionsClosed,
    long ProductWindowsClosed,
    long AlertsRaised,
    IReadOnlyDictionary<string, long> AlertsByRule,
    long ResultsPublished,
    long Checkpoints,
    DateTimeOffset Timestamp);
