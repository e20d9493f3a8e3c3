using System.Net;
using System.Text;
using System.Text.Json;
using Streaming.TestSupport;

namespace Streaming.Nodes.Tests;

/// <summary>A product's open windows are answered by its entity; a product without any gets 404.</summary>
public sealed class ProductLiveQueryTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task Open_windows_are_answered_by_the_entity_and_an_unknown_product_gets_404()
    {
        // Far ahead of the wall clock: the windows stay open for the whole test.
        var time = ProductTraffic.Iso(DateTimeOffset.UtcNow.AddHours(1));
        var body = $$$"""{"product_id":"live_product","action":"view","user_id":"u1","timestamp":"{{{time}}}","properties":{"category":"books"}}""";
        Assert.Equal(HttpStatusCode.OK, (await node.Http.PostAsync("/api/v1/examples/product-analytics", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);

        var windows = await Eventually.Value<JsonElement?>(async () =>
        {
            var response = await node.Http.GetAsync("/api/v1/analytics/products/live_product/windows");
            return response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : (JsonElement?)null;
        }, w => w is not null, TimeSpan.FromSeconds(30), "the open windows of live_product");

        var list = windows!.Value.EnumerateArray().ToList();
        Assert.Equal(NodeFixture.WindowSeconds / NodeFixture.SlideSeconds, list.Count);
        Assert.All(list, w =>
        {
            Assert.Equal("live_product", w.GetProperty("product_id").GetString());
            Assert.Equal(1, w.GetProperty("views").GetInt32());
            Assert.Equal("books", w.GetProperty("category").GetString());
        });

        var unknown = await node.Http.GetAsync("/api/v1/analytics/products/nothing_here/windows");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
