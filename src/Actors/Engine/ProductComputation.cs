using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Akka.Actor;
using Streaming.Actors.Products;
using Streaming.Streams.Contracts;
using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>
/// Product popularity (SPEC §3.2): <c>product_analytics</c> → per-product window entities →
/// <c>product_popularity_metrics</c>; after each publish the closed windows and the partition
/// watermark go to the trending feed.
/// </summary>
public sealed class ProductComputation(IActorRef products, ITrendingFeed trending, EngineMetrics metrics) : IKeyedComputation<ProductActivity, ProductPopularity>
{
    public string Topic => TopicNames.ProductAnalytics;

    public IReadOnlyList<EntityTarget<ProductActivity>> Targets { get; } = [new("product", products, a => a.ProductId)];

    /// <summary>The <c>result_id</c> of a window record: window start (epoch ms) and product id.</summary>
    public static string ResultId(ProductPopularity record) => $"{record.WindowStart.ToUnixTimeMilliseconds()}:{record.ProductId}";

    public bool TryParse(CommittableMessage message, [MaybeNullWhen(false)] out ProductActivity input, out string problem) =>
        InputRecords.TryParse(EventKinds.Product, message, ProductActivity.From, out input, out problem);

    public string EventIdOf(ProductActivity input) => input.EventId;

    public DateTimeOffset TimeOf(ProductActivity input) => input.Time;

    public void Emit(ProductPopularity output, PartitionOutputs outputs)
    {
        outputs.Result(TopicNames.ProductPopularityMetrics, output.ProductId,
            JsonSerializer.SerializeToUtf8Bytes(output, ProductsJsonContext.Default.ProductPopularity), ResultId(output));
        metrics.Results("product_windows_closed", 1);
    }

    public Task PublishedAsync(int partition, IReadOnlyList<ProductPopularity> results, DateTimeOffset watermark, bool active) =>
        trending.ClosedAsync(partition, results, watermark, active);
}
