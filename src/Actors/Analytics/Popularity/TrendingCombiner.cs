using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Streaming.Analytics.Keyed;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Popularity;

/// <summary>Trending (spec §3.2): the top N products of each window over every product partition, released once every active partition's watermark passed the window's end.</summary>
public sealed class TrendingCombiner(PopularityOptions options) : Combiner<ProductPopularity, TrendingPart, TrendingAggregatorState, TrendingProducts>
{
    public override string Name => "trending";

    public override string OutputTopic => TopicNames.TrendingProducts;

    /// <summary>The key and <c>result_id</c> of a trending record: its window end, ISO-8601 UTC with milliseconds.</summary>
    public static string KeyOf(TrendingProducts record) =>
        record.WindowEnd.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);

    public override TrendingPart Part(IReadOnlyList<ProductPopularity> published) =>
        new([.. TrendingLogic.Candidates(published, options.TrendingTopN)],
            [.. published.GroupBy(r => (r.WindowStart, r.WindowEnd)).Select(w => new WindowProducts(w.Key.WindowStart, w.Key.WindowEnd, [.. w.Select(r => r.ProductId)]))]);

    public override TrendingAggregatorState Create(int partitions) => TrendingAggregatorState.Create(Enumerable.Range(0, Math.Max(1, partitions)));

    public override (TrendingAggregatorState State, bool Changed) Add(TrendingAggregatorState state, int partition, TrendingPart part, DateTimeOffset watermark, bool active)
    {
        var changed = false;
        foreach (var window in part.Windows.IsDefault ? [] : part.Windows)
        {
            var counted = TrendingAggregator.Count(state, window.WindowStart, window.WindowEnd, window.ProductIds);
            changed |= !ReferenceEquals(counted, state);
            state = counted;
        }
        foreach (var candidate in part.Candidates.IsDefault ? [] : part.Candidates)
        {
            var added = TrendingAggregator.Add(state, candidate);
            changed |= added.Outcome == TrendingAddOutcome.Added;
            state = added.State;
        }
        if (state.Watermarks.ContainsKey(partition)) state = TrendingAggregator.ObserveWatermark(state, partition, watermark, active);
        return (state, changed);
    }

    public override (TrendingAggregatorState State, ImmutableArray<TrendingProducts> Released) Release(TrendingAggregatorState state)
    {
        var release = TrendingAggregator.Release(state, options);
        return (release.State, release.Released);
    }

    public override string IdOf(TrendingProducts record) => KeyOf(record);

    public override ResultRecord Emit(TrendingProducts record)
    {
        var key = KeyOf(record);
        return new ResultRecord(TopicNames.TrendingProducts, key, JsonSerializer.SerializeToUtf8Bytes(record, ProductsJsonContext.Default.TrendingProducts), key);
    }

    public override byte[] EncodePart(TrendingPart part) => JsonSerializer.SerializeToUtf8Bytes(part, ProductsJsonContext.Default.TrendingPart);

    public override TrendingPart DecodePart(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize(bytes, ProductsJsonContext.Default.TrendingPart) ?? throw new JsonException("An empty trending part.");

    public override byte[] EncodeState(TrendingAggregatorState state) => JsonSerializer.SerializeToUtf8Bytes(state, ProductsJsonContext.Default.TrendingAggregatorState);

    public override TrendingAggregatorState DecodeState(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize(bytes, ProductsJsonContext.Default.TrendingAggregatorState) ?? throw new JsonException("An empty trending state.");

    public override byte[] EncodeRecord(TrendingProducts record) => JsonSerializer.SerializeToUtf8Bytes(record, ProductsJsonContext.Default.TrendingProducts);

    public override TrendingProducts DecodeRecord(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize(bytes, ProductsJsonContext.Default.TrendingProducts) ?? throw new JsonException("An empty trending record.");
}
