using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Streaming.Analytics.Keyed;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Popularity;

/// <summary>
/// Product popularity (spec §3.2): <c>product_analytics</c> → per-product sliding windows → <c>product_popularity_metrics</c>,
/// and the windows of every partition combined into <c>trending_products</c>.
/// </summary>
public sealed class PopularityAnalytic(PopularityOptions options) : Analytic<ProductActivity, ProductPopularity>
{
    public override string Name => "popularity";

    public override string InputTopic => TopicNames.ProductAnalytics;

    public override IReadOnlyList<string> OutputTopics => [TopicNames.ProductPopularityMetrics, TopicNames.TrendingProducts];

    public override IReadOnlyList<KeyedFunction<ProductActivity, ProductPopularity>> Functions { get; } = [new ProductWindowsFunction(options)];

    /// <summary>The <c>result_id</c> of a window record: window start (epoch ms) and product id.</summary>
    public static string ResultId(ProductPopularity record) => $"{record.WindowStart.ToUnixTimeMilliseconds()}:{record.ProductId}";

    public override bool TryParse(InputRecord record, [MaybeNullWhen(false)] out ProductActivity input, out string problem) =>
        EventRecords.TryParse(EventKinds.Product, record, ProductActivity.From, out input, out problem);

    public override string EventIdOf(ProductActivity input) => input.EventId;

    public override DateTimeOffset TimeOf(ProductActivity input) => input.Time;

    public override ResultRecord Emit(ProductPopularity output) =>
        new(TopicNames.ProductPopularityMetrics, output.ProductId, JsonSerializer.SerializeToUtf8Bytes(output, ProductsJsonContext.Default.ProductPopularity), ResultId(output));

    public override ResultMetric? Metric { get; } = new("product_windows_closed");

    public override Combiner<ProductPopularity>? Combiner { get; } = new TrendingCombiner(options);
}
