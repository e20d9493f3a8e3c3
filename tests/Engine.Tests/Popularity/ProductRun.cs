using System.Text.Json;
using Streaming.Analytics.Popularity;
using Streaming.Analytics.Tests.Popularity;
using Streaming.Engine.Processing;
using Streaming.Engine.Tests.Support;
using Streaming.Streams.Contracts;

namespace Streaming.Engine.Tests.Popularity;

/// <summary>Product windows through the engine's real partition processor (see <see cref="ProcessorHarness"/>), read back from what it published.</summary>
internal static class ProductRun
{
    public sealed record Result(List<ProductPopularity> Emitted, List<(ProductActivity Event, string Reason)> Late, RunResult Raw);

    public static Result Run(IReadOnlyList<ProductActivity> delivered, RunPlan? plan = null)
    {
        var analytic = new PopularityAnalytic(ProductScenarios.Options);
        var raw = ProcessorHarness.Run(analytic, [.. delivered.Select(InputJson.Of)], plan,
            new EventTimeOptions { OutOfOrderness = ProductScenarios.Bound, IdleAfter = TimeSpan.FromMinutes(1) });
        Assert.True(!raw.On(TopicNames.DeadLetters).Any(), string.Join("\n", raw.On(TopicNames.DeadLetters).Select(r => System.Text.Encoding.UTF8.GetString(r.Value))));
        var byId = delivered.ToDictionary(e => e.EventId, StringComparer.Ordinal);
        return new Result(
            [.. raw.Distinct(TopicNames.ProductPopularityMetrics).Select(r => JsonSerializer.Deserialize(r.Value, ProductsJsonContext.Default.ProductPopularity)!)],
            [.. raw.On(TopicNames.LateEvents).Select(LateRecord.From).DistinctBy(l => l.EventId).Select(l => (byId[l.EventId], l.Reason))],
            raw);
    }
}
