using System.Collections.Immutable;
using System.Text.Json;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Tests.Flink;

/// <summary>
/// One record of each result kind as JSON, in the field order the result topics carry. The records' names are those of
/// the actor engine's topics: the end-to-end crosscheck compares every field of them against its real output.
/// </summary>
internal static class Sample
{
    private static readonly DateTimeOffset T = DateTimeOffset.UnixEpoch;

    public static JsonElement Session { get; } = JsonSerializer.SerializeToElement(
        new SessionRecord("u", "u:0", T, T, 0, 1, 1, 0, ImmutableSortedDictionary<string, long>.Empty, 0, [], 300), ResultsJsonContext.Default.SessionRecord);

    public static JsonElement Popularity { get; } = JsonSerializer.SerializeToElement(
        new PopularityRecord("p", T, T, 0, 0, 0, 0, 0, 0, 0, 0, null, null), ResultsJsonContext.Default.PopularityRecord);

    public static JsonElement Trending { get; } = JsonSerializer.SerializeToElement(
        new TrendingRecord(T, T, 1, [new TrendingEntry(1, "p", 0, 0, 0, 0, 0, 0, null, null)], ImmutableSortedDictionary<string, ImmutableArray<TrendingEntry>>.Empty),
        ResultsJsonContext.Default.TrendingRecord);

    public static JsonElement Alert { get; } = JsonSerializer.SerializeToElement(
        new AlertRecord("a", "HIGH_VALUE", "HIGH", "u", "o", 1, T, T, "d",
            new AlertEvidence([new EvidenceEvent("e", "o", "created", 1, T)], ImmutableSortedDictionary<string, decimal>.Empty)),
        ResultsJsonContext.Default.AlertRecord);
}
