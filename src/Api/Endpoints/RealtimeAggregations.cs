using System.Text.Json.Serialization;

namespace Streaming.Api.Endpoints;

/// <summary>
/// The answer of <c>GET /api/v1/analytics/realtime-aggregations</c>: what this node's engine has produced since it
/// started. Each registered analytic adds its own counts as top-level fields (<c>sessions_closed</c>,
/// <c>product_windows_closed</c>, <c>alerts_raised</c>, <c>alerts_by_rule</c>: rule → count).
/// </summary>
public sealed record RealtimeAggregations(long ResultsPublished, long Checkpoints, DateTimeOffset Timestamp)
{
    [JsonExtensionData]
    public IDictionary<string, object> Results { get; init; } = new Dictionary<string, object>(StringComparer.Ordinal);
}
