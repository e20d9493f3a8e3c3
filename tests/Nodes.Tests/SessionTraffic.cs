using System.Net;
using System.Text;
using System.Text.Json;
using Streaming.TestSupport;

namespace Streaming.Nodes.Tests;

/// <summary>
/// What the restart and lifecycle tests share: user events posted through a node's gateway (retrying 503 as a client
/// is told to), the sessions read back with kcat, the node's processing metrics, and short event-time settings.
/// </summary>
public static class SessionTraffic
{
    public static readonly TimeSpan Gap = TimeSpan.FromSeconds(5);

    /// <summary>Environment of a node that closes sessions within seconds (G = 5 s, B = 1 s, idle after 2 s, checkpoint every second).</summary>
    public static Dictionary<string, string> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Streaming__Analytics__SessionGap"] = "00:00:05",
            ["Streaming__Analytics__OutOfOrderness"] = "00:00:01",
            ["Streaming__Analytics__IdleAfter"] = "00:00:02",
            ["Streaming__Engine__CheckpointInterval"] = "00:00:01",
            ["Streaming__Engine__HeldRecheck"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Streaming"] = "Information",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    /// <summary>Posts the events in batches, retrying a batch answered 503 after its Retry-After; returns how many 503s it got.</summary>
    public static async Task<int> PostAsync(HttpClient http, IEnumerable<ExpectedSession.Input> events, int batch = 200, TimeSpan? patience = null,
        Func<ExpectedSession.Input, string>? toJson = null)
    {
        toJson ??= TrafficGenerator.ToJson;
        var refused = 0;
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromMinutes(3));
        foreach (var chunk in events.Chunk(batch))
        {
            var body = "[" + string.Join(",", chunk.Select(toJson)) + "]";
            while (true)
            {
                using var response = await http.PostAsync("/api/v1/examples/batch-events?topic=user_events", new StringContent(body, Encoding.UTF8, "application/json"));
                if (response.StatusCode == HttpStatusCode.OK) break;
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                refused++;
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                await Task.Delay(wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromMilliseconds(500) : wait);
            }
        }
        return refused;
    }

    /// <summary>The sessions on user_session_analytics of users whose id starts with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<Kcat.Record> Records(string bootstrap, string prefix) =>
        Kcat.ReadAll(bootstrap, "user_session_analytics").Where(r => r.Key!.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    public static List<ExpectedSession> Sessions(string bootstrap, string prefix) =>
        [.. Records(bootstrap, prefix).Select(r => ExpectedSession.FromRecord(r.Value)).OrderBy(s => s.SessionId, StringComparer.Ordinal)];

    public static List<ExpectedSession> Expected(IEnumerable<ExpectedSession.Input> events) =>
        [.. ExpectedSession.Sessionize(events, Gap).OrderBy(s => s.SessionId, StringComparer.Ordinal)];

    /// <summary>
    /// Waits until the sessions of <paramref name="prefix"/> are at least as many as expected, then asserts they equal the
    /// reference, each published once — or, after a crash (<paramref name="crashed"/>), each id with one content however
    /// often it went out: results after the last checkpoint are published again with the same bytes (spec §2.2).
    /// </summary>
    public static async Task AssertSessionsAsync(string bootstrap, string prefix, IReadOnlyList<ExpectedSession.Input> events, TimeSpan? timeout = null,
        bool crashed = false)
    {
        var expected = Expected(events);
        await Eventually.Until(() => Records(bootstrap, prefix).Select(r => r.Headers["result_id"]).Distinct().Count() >= expected.Count,
            timeout ?? TimeSpan.FromSeconds(120), $"{expected.Count} sessions of {prefix}*");
        await Task.Delay(1500);
        var records = Records(bootstrap, prefix);
        var byId = records.GroupBy(r => r.Headers["result_id"], StringComparer.Ordinal).ToList();
        if (crashed)
            foreach (var copies in byId) Assert.Single(copies.Select(r => r.Value).Distinct(StringComparer.Ordinal));
        else
            Assert.Equal(records.Count, byId.Count);
        Assert.Equal(expected, [.. byId.Select(g => ExpectedSession.FromRecord(g.First().Value)).OrderBy(s => s.SessionId, StringComparer.Ordinal)]);
    }

    /// <summary>The node's processing metrics (GET /api/v1/analytics/processing-metrics).</summary>
    public static async Task<JsonElement> MetricsAsync(NodeProcess node)
    {
        using var response = await node.Http.GetAsync("/api/v1/analytics/processing-metrics");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static long Total(JsonElement metrics, string name) =>
        metrics.GetProperty("totals").TryGetProperty(name, out var value) ? value.GetInt64() : 0;

    /// <summary>The bootstrap address a node with the embedded broker prints.</summary>
    public static async Task<string> EmbeddedBootstrapAsync(NodeProcess node)
    {
        var line = await node.WaitForLineAsync(l => l.StartsWith("Kafka bootstrap servers: ", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the broker's address");
        return line["Kafka bootstrap servers: ".Length..].Split(' ')[0];
    }
}
