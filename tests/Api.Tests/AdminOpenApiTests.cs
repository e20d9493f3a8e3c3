using System.Net.Http.Json;
using System.Text.Json;

namespace Streaming.Api.Tests;

/// <summary>The admin endpoints streaming-ctl uses are in the OpenAPI document with their names, tags and the API key's answers.</summary>
public sealed class AdminOpenApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("/api/v1/admin/cluster/events", "ClusterEvents", "admin", "text/event-stream")]
    [InlineData("/api/v1/admin/sharding/regions", "ShardingRegions", "admin", "application/json")]
    [InlineData("/api/v1/admin/sharding/{type}/region-stats", "ShardingRegionStats", "admin", "application/json")]
    [InlineData("/api/v1/admin/sharding/{type}/shard-stats", "ShardingShardStats", "admin", "application/json")]
    [InlineData("/api/v1/admin/partitions", "Partitions", "admin", "application/json")]
    [InlineData("/api/v1/streaming/topics/{name}/tail", "TailTopic", "streaming", "text/event-stream")]
    public async Task Each_admin_endpoint_is_documented_with_its_name_tag_summary_and_key_problems(string path, string name, string tag, string contentType)
    {
        var openapi = await gateway.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var get = openapi.GetProperty("paths").GetProperty(path).GetProperty("get");
        Assert.Equal(name, get.GetProperty("operationId").GetString());
        Assert.Equal([tag], get.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.False(string.IsNullOrWhiteSpace(get.GetProperty("summary").GetString()));
        var responses = get.GetProperty("responses");
        Assert.True(responses.GetProperty("200").GetProperty("content").TryGetProperty(contentType, out _), responses.ToString());
        foreach (var status in new[] { "401", "403" })
            Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), $"{path} {status}: {responses}");
    }
}
