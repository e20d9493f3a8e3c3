using System.Text.Json;
using Streaming.TestSupport;

namespace Streaming.Nodes.Tests;

/// <summary>Every streaming-ctl verb that reads, against a running cluster's gateway: its table and its --json, and the API key's refusals.</summary>
internal static class OperatorVerbs
{
    public static async Task AssertEveryVerbAsync(NodeProcess gateway, string apiKey, int partitions, string openSessionUser)
    {
        async Task<string> Ok(params string[] args)
        {
            var (code, output) = await Ctl.RunAsync(gateway, ["--api-key", apiKey, .. args]);
            Assert.True(code == 0, $"streaming-ctl {string.Join(' ', args)} exited {code}:\n{output}");
            return output;
        }
        async Task<JsonElement> Json(params string[] args)
        {
            var output = await Ok([.. args, "--json"]);
            return JsonDocument.Parse(output.Trim()).RootElement.Clone();
        }

        foreach (var verb in new[] { "health", "status", "topics", "metrics" }) await Ok(verb);
        Assert.Contains("user_events", await Ok("topics"), StringComparison.Ordinal);

        // Membership as it happens: the current members arrive first, as events.
        Assert.Contains("up", (await Ok("cluster", "tail", "--count", "2")).ToLowerInvariant(), StringComparison.Ordinal);

        // Sharding: every keyed kind has regions on the processors, with entities.
        Assert.Contains("user-session", await Ok("sharding", "regions"), StringComparison.Ordinal);
        var regions = await Json("sharding", "regions");
        var sessions = regions.GetProperty("types").EnumerateArray().Single(t => t.GetProperty("type_name").GetString() == "user-session");
        Assert.NotEmpty(sessions.GetProperty("regions").EnumerateArray());
        Assert.True(sessions.GetProperty("regions").EnumerateArray().Sum(r => r.GetProperty("entities").GetInt32()) > 0, sessions.ToString());
        Assert.Contains("user-session", await Ok("sharding", "region-stats", "user-session"), StringComparison.Ordinal);
        var stats = await Json("sharding", "region-stats", "user-session");
        Assert.True(stats.GetProperty("regions").EnumerateArray().SelectMany(r => r.GetProperty("shards").EnumerateArray()).Any(), stats.ToString());
        Assert.Equal("user-session", (await Json("sharding", "shard-stats", "user-session")).GetProperty("type_name").GetString());
        var (unknown, why) = await Ctl.RunAsync(gateway, "--api-key", apiKey, "sharding", "region-stats", "no-such-type");
        Assert.Equal(1, unknown);
        Assert.Contains("user-session", why, StringComparison.Ordinal);

        // Partitions: every input partition, each with the processor that owns it.
        await Ok("partitions");
        var owned = (await Json("partitions")).GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal(partitions, owned.Count);
        Assert.All(owned, p => Assert.False(p.GetProperty("owner").ValueKind == JsonValueKind.Null, p.ToString()));

        // A topic's records, and the live views.
        var tail = await Ok("tail", "user_events", "--from-beginning", "--count", "3");
        Assert.True(tail.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 3, tail);
        var records = (await Ok("tail", "user_events", "--from-beginning", "--count", "3", "--json")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal("user_events", r.GetProperty("topic").GetString()));
        Assert.Contains(openSessionUser, await Ok("session", openSessionUser), StringComparison.Ordinal);
        await Ok("alerts", openSessionUser);
        var (noWindows, _) = await Ctl.RunAsync(gateway, "--api-key", apiKey, "windows", "no-such-product");
        Assert.Equal(1, noWindows);

        // The admin API wants the key: without one, or with a wrong one, the node says no and the CLI says what to pass.
        var (missing, missingWhy) = await Ctl.RunAsync(gateway, "partitions");
        Assert.Equal(1, missing);
        Assert.Contains("--api-key", missingWhy, StringComparison.Ordinal);
        var (wrong, wrongWhy) = await Ctl.RunAsync(gateway, "--api-key", "not-the-key", "sharding", "regions");
        Assert.Equal(1, wrong);
        Assert.Contains("--api-key", wrongWhy, StringComparison.Ordinal);
    }
}
