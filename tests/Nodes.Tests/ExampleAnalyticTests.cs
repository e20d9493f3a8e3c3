using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Streaming.TestSupport;

namespace Streaming.Nodes.Tests;

/// <summary>
/// The example analytic (tests/Example.Node: one folder and one registration line) runs end to end in a node process:
/// its topics are created, its records are processed by the engine into windows equal to a count by hand, its live
/// query and its result count appear on the gateway — none of which names it.
/// </summary>
public sealed class ExampleAnalyticTests : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private ExternalKafka _kafka = null!;
    private NodeProcess _node = null!;

    public async Task InitializeAsync()
    {
        _kafka = ExternalKafka.Start(partitions: 3, extraTopics: ["page_clicks", "page_click_counts"]);
        var environment = new Dictionary<string, string>(_kafka.NodeEnvironment, StringComparer.Ordinal)
        {
            ["Streaming__Analytics__PageCountWindow"] = "00:00:10",
            ["Streaming__Analytics__OutOfOrderness"] = "00:00:01",
            ["Streaming__Analytics__IdleAfter"] = "00:00:02",
            ["Streaming__Engine__CheckpointInterval"] = "00:00:01",
            ["Streaming__Persistence__ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"example-{Guid.NewGuid():N}.db")}",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        _node = NodeProcess.Start(new NodeProcessOptions
        {
            Environment = environment,
            NodeDll = Path.Combine(AppContext.BaseDirectory, "Streaming.Example.Node.dll"),
        });
        (await _node.WaitForHttpAsync("/health/")).Dispose();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _kafka.Dispose();
    }

    [Fact]
    public async Task Clicks_become_window_counts_equal_to_a_count_by_hand_and_the_gateway_shows_its_query_and_count()
    {
        var random = new Random(5);
        var start = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        var clicks = Enumerable.Range(0, 300)
            .Select(i => (Page: "page" + random.Next(6), Time: start.AddMilliseconds(i * 400 + random.Next(300))))
            .ToList();
        var expected = clicks
            .GroupBy(c => (c.Page, Start: c.Time.ToUnixTimeMilliseconds() / (long)Window.TotalMilliseconds))
            .Select(g => $"{g.Key.Page} {DateTimeOffset.FromUnixTimeMilliseconds(g.Key.Start * (long)Window.TotalMilliseconds):O} {g.Count()}")
            .Order(StringComparer.Ordinal).ToList();

        // Keyed by page through the produce endpoint: a page's clicks share a partition, as its keyed state requires.
        foreach (var click in clicks)
        {
            var body = new JsonObject { ["topic"] = "page_clicks", ["key"] = click.Page,
                ["value"] = new JsonObject { ["page"] = click.Page, ["timestamp"] = click.Time.ToString("O") } };
            using var posted = await _node.Http.PostAsync("/api/v1/streaming/produce", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        }

        var records = await Eventually.Value(() => Kcat.ReadAll(_kafka.BootstrapServers, "page_click_counts"), r => r.Count >= expected.Count,
            TimeSpan.FromSeconds(90), $"{expected.Count} page windows");
        var actual = records.Select(r => JsonDocument.Parse(r.Value).RootElement)
            .Select(c => $"{c.GetProperty("page").GetString()} {c.GetProperty("window_start").GetDateTimeOffset():O} {c.GetProperty("clicks").GetInt32()}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);

        // A click of a window far from closing: the page's live query answers it from the entity.
        var open = DateTimeOffset.UtcNow.AddMinutes(5);
        using (var posted = await _node.Http.PostAsync("/api/v1/streaming/produce",
                   new StringContent($$$"""{"topic":"page_clicks","key":"live","value":{"page":"live","timestamp":"{{{open:O}}}"}}""", Encoding.UTF8, "application/json")))
            Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        var windows = await Eventually.Value<JsonElement?>(async () =>
        {
            using var answer = await _node.Http.GetAsync("/api/v1/analytics/pages/live/open-windows");
            return answer.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone() : (JsonElement?)null;
        }, w => w is not null, TimeSpan.FromSeconds(30), "the open window of live");
        var window = Assert.Single(windows!.Value.EnumerateArray());
        Assert.Equal(("live", 1), (window.GetProperty("page").GetString(), window.GetProperty("clicks").GetInt32()));

        var aggregations = JsonDocument.Parse(await _node.Http.GetStringAsync("/api/v1/analytics/realtime-aggregations")).RootElement;
        Assert.Equal(expected.Count, aggregations.GetProperty("page_windows_counted").GetInt64());
        Assert.Equal(0, aggregations.GetProperty("sessions_closed").GetInt64());
    }
}
