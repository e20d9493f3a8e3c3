using System.Collections.Immutable;
using System.Text.Json;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Engine;

/// <summary>What one run of the DuckDB engine computed from a batch of input records.</summary>
/// <param name="Sessions">Every session, each closed at the end of the batch.</param>
/// <param name="Popularity">Every product window with events.</param>
/// <param name="Trending">One record per window with products.</param>
/// <param name="Alerts">Every alert, ORDER_STALLED included for each deadline (the batch's end passes them all).</param>
/// <param name="Late">Input events that changed no result because they arrived late.</param>
/// <param name="Rejected">Input records that could not be read.</param>
public sealed record EngineResults(
    ImmutableArray<SessionRecord> Sessions,
    ImmutableArray<PopularityRecord> Popularity,
    ImmutableArray<TrendingRecord> Trending,
    ImmutableArray<AlertRecord> Alerts,
    ImmutableArray<LateEvent> Late,
    ImmutableArray<RejectedRecord> Rejected)
{
    /// <summary>The records of one kind as the result topics carry them (JSON objects).</summary>
    public IReadOnlyList<JsonElement> Json(ResultKind kind) => kind switch
    {
        ResultKind.Sessions => [.. Sessions.Select(r => JsonSerializer.SerializeToElement(r, ResultsJsonContext.Default.SessionRecord))],
        ResultKind.Popularity => [.. Popularity.Select(r => JsonSerializer.SerializeToElement(r, ResultsJsonContext.Default.PopularityRecord))],
        ResultKind.Trending => [.. Trending.Select(r => JsonSerializer.SerializeToElement(r, ResultsJsonContext.Default.TrendingRecord))],
        ResultKind.Alerts => [.. Alerts.Select(r => JsonSerializer.SerializeToElement(r, ResultsJsonContext.Default.AlertRecord))],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
