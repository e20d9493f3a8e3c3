using System.Collections.Immutable;
using System.Text.Json;
using Akka.Actor;
using Confluent.Kafka;
using Streaming.Actors.Entities;
using Streaming.Actors.Products;
using Streaming.Streams.Contracts;

namespace Streaming.Actors.Engine;

/// <summary>
/// Hands each product partition's published windows (the candidates for the trending lists and the
/// products counted) and watermark to the trending aggregator entity, and publishes the trending records it released. The aggregator keeps a
/// released record until a later contribution confirms it was acknowledged by Kafka, so a crash
/// between release and publish only repeats the (identical) record. One feed serves all product
/// partitions of a node and publishes each release once (a new node republishes what is unconfirmed).
/// </summary>
public sealed class TrendingFeed(IActorRef trending, IProducer<byte[]?, byte[]> producer, int partitionCount, int topN, EngineOptions engine) : ITrendingFeed
{
    private readonly Lock _gate = new();
    private readonly List<DateTimeOffset> _published = [];
    private readonly HashSet<DateTimeOffset> _sent = [];

    /// <summary>The key and <c>result_id</c> of a trending record: its window end, ISO-8601 UTC with milliseconds.</summary>
    public static string KeyOf(TrendingProducts record) =>
        record.WindowEnd.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public async Task ClosedAsync(int partition, IReadOnlyList<ProductPopularity> records, DateTimeOffset watermark, bool active)
    {
        ImmutableArray<DateTimeOffset> confirmed;
        lock (_gate)
        {
            confirmed = [.. _published];
            _published.Clear();
        }
        // The aggregator gets the candidates for the lists and the products for the counts, not every record.
        ImmutableArray<WindowProducts> products = [.. records.GroupBy(r => (r.WindowStart, r.WindowEnd))
            .Select(w => new WindowProducts(w.Key.WindowStart, w.Key.WindowEnd, [.. w.Select(r => r.ProductId)]))];
        var contribution = new TrendingContribution(TrendingEntity.Id, partition, partitionCount, [.. TrendingLogic.Candidates(records, topN)], watermark, confirmed, products, active);
        var accepted = await trending.Ask<TrendingAccepted>(contribution, engine.AskTimeout);
        List<TrendingProducts> due;
        lock (_gate)
        {
            // Another partition of this node may be publishing the same release right now.
            var unpublished = accepted.Unpublished.IsDefault ? [] : accepted.Unpublished;
            // Confirmed and forgotten by the aggregator: never released again.
            _sent.ExceptWith(confirmed.Where(end => !unpublished.Any(r => r.WindowEnd == end)));
            due = unpublished.Where(r => _sent.Add(r.WindowEnd)).ToList();
        }
        if (due.Count == 0) return;
        var outputs = new PartitionOutputs();
        foreach (var record in due)
        {
            var key = KeyOf(record);
            outputs.Result(TopicNames.TrendingProducts, key, JsonSerializer.SerializeToUtf8Bytes(record, ProductsJsonContext.Default.TrendingProducts), key);
        }
        try
        {
            await outputs.PublishAsync(producer);
        }
        catch
        {
            lock (_gate) _sent.ExceptWith(due.Select(r => r.WindowEnd));
            throw;
        }
        lock (_gate) _published.AddRange(due.Select(r => r.WindowEnd));
    }
}
