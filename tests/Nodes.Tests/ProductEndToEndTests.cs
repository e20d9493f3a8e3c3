using System.Net;
using System.Text;
using System.Text.Json;
using Streaming.TestSupport;

namespace Streaming.Nodes.Tests;

/// <summary>
/// product_analytics events POSTed to the gateway become product_popularity_metrics records and
/// trending_products lists, read with kcat, equal to the naive reference.
/// </summary>
public sealed class ProductEndToEndTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(NodeFixture.WindowSeconds);
    private static readonly TimeSpan Slide = TimeSpan.FromSeconds(NodeFixture.SlideSeconds);

    private IReadOnlyList<Kcat.Record> Windows(string prefix) =>
        Kcat.ReadAll(node.Bootstrap, "product_popularity_metrics").Where(r => r.Key!.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Windows_and_trending_from_the_gateway_equal_the_naive_reference()
    {
        // Event times slightly ahead of the wall clock: no partition's watermark has passed them yet.
        var start = DateTimeOffset.UtcNow.AddSeconds(3);
        var events = ProductTraffic.Generate(seed: 5, products: 7, events: 240, start, TimeSpan.FromSeconds(16), "e2e_p");
        var expected = ExpectedWindow.Compute(events, Window, Slide).OrderBy(w => w.ResultId, StringComparer.Ordinal).ToList();

        foreach (var chunk in events.Chunk(60))
        {
            var response = await node.Http.PostAsync("/api/v1/examples/batch-events?topic=product_analytics",
                new StringContent("[" + string.Join(",", chunk.Select(ProductTraffic.ToJson)) + "]", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Eventually.Until(() => Windows("e2e_p").Count >= expected.Count, TimeSpan.FromSeconds(120), $"{expected.Count} product windows");
        var records = Windows("e2e_p");
        var actual = records.Select(r => ExpectedWindow.FromRecord(r.Value)).OrderBy(w => w.ResultId, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        Assert.All(records, r => Assert.Equal(ExpectedWindow.FromRecord(r.Value).ResultId, r.Headers["result_id"]));

        // Trending: one record per window end, once every partition's watermark passed it.
        var expectedTrending = expected.GroupBy(w => w.EndMs).ToDictionary(g => g.Key, g => ExpectedWindow.Trending(g, NodeFixture.TopN));
        await Eventually.Until(() => Trending().Count >= expectedTrending.Count, TimeSpan.FromSeconds(120), $"{expectedTrending.Count} trending records");
        var trending = Trending();
        Assert.Equal(expectedTrending.Keys.Order(), trending.Select(t => t.EndMs).Order());
        foreach (var t in trending)
        {
            var (count, top, byCategory) = expectedTrending[t.EndMs];
            Assert.Equal((count, top, byCategory), (t.Count, t.Top, t.ByCategory));
        }
    }

    private List<(long EndMs, int Count, string Top, string ByCategory)> Trending() =>
        Kcat.ReadAll(node.Bootstrap, "trending_products")
            .GroupBy(r => r.Headers["result_id"])
            .Select(g =>
            {
                Assert.Single(g.Select(r => r.Value).Distinct());
                return ExpectedWindow.TrendingFromRecord(g.First().Value);
            })
            .ToList();

    [Fact]
    public async Task Poison_and_late_product_events_land_in_their_topics()
    {
        Kcat.Produce(node.Bootstrap, "product_analytics", "poison_product", "{\"product_id\": 12");
        var late = await node.Http.PostAsync("/api/v1/examples/product-analytics", new StringContent(
            """{"product_id":"late_product","action":"view","timestamp":"2026-01-01T00:00:00Z","event_id":"late-p-1"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);

        await Eventually.Until(() => Kcat.ReadAll(node.Bootstrap, "dead_letters").Any(r => r.Key == "poison_product"), TimeSpan.FromSeconds(60), "the poison record in dead_letters");
        var dead = JsonDocument.Parse(Kcat.ReadAll(node.Bootstrap, "dead_letters").First(r => r.Key == "poison_product").Value).RootElement;
        Assert.Equal("product_analytics", dead.GetProperty("topic").GetString());

        await Eventually.Until(() => Kcat.ReadAll(node.Bootstrap, "late_events").Any(r => r.Key == "late_product"), TimeSpan.FromSeconds(60), "the late event in late_events");
        var record = JsonDocument.Parse(Kcat.ReadAll(node.Bootstrap, "late_events").First(r => r.Key == "late_product").Value).RootElement;
        Assert.Equal("late-p-1", record.GetProperty("event_id").GetString());
        Assert.Equal("product_analytics", record.GetProperty("topic").GetString());
        Assert.False(string.IsNullOrWhiteSpace(record.GetProperty("reason").GetString()));
    }
}
