using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Nodes.Tests;

/// <summary>
/// A cluster of real node processes, each on its own loopback address (127.0.0.2–5): three processors and a gateway
/// formed by Akka.Management's cluster bootstrap (config discovery), PostgreSQL as the state backend, a broker hosted
/// by the test. Traffic through the gateway is processed by all three; at steady state no entity reply crosses nodes
/// (shards follow the consumer's partitions); a processor killed and its replacement joining change no result; a
/// processor downed through the admin endpoint stops and the others go on.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private sealed record Member(string Name, string Host, int Remoting, int Management, int Http, string Role);

    private ExternalKafka _kafka = null!;
    private PostgresServer _postgres = null!;
    private readonly List<(Member Member, NodeProcess Process)> _nodes = [];
    private Dictionary<string, string> _common = null!;

    public async Task InitializeAsync()
    {
        _kafka = ExternalKafka.Start(partitions: 6);
        _postgres = await PostgresServer.StartAsync(new PostgresOptions { Fsync = false });
        _common = new Dictionary<string, string>(_kafka.NodeEnvironment.Concat(SessionTraffic.Settings(
            ("Streaming__Persistence__Provider", "postgresql"),
            ("Streaming__Persistence__ConnectionString", await _postgres.CreateDatabaseAsync("cluster")),
            ("Streaming__Cluster__Formation", "config"),
            ("Streaming__Cluster__StableAfter", "00:00:03"),
            // No idle advance: it follows the wall clock, so a replay after the kill could judge an event differently
            // (spec, "Effectively once under idle advance"). The sessions close when the traffic's end flushes them.
            ("Streaming__Analytics__IdleAfter", "01:00:00"))), StringComparer.Ordinal);
    }

    public async Task DisposeAsync()
    {
        foreach (var (_, process) in _nodes) await process.DisposeAsync();
        await _postgres.DisposeAsync();
        _kafka.Dispose();
    }

    private NodeProcess Start(Member member, IReadOnlyList<Member> all)
    {
        var environment = new Dictionary<string, string>(_common, StringComparer.Ordinal)
        {
            ["Streaming__Cluster__Hostname"] = member.Host,
            ["Streaming__Cluster__Port"] = $"{member.Remoting}",
            ["Streaming__Cluster__ManagementPort"] = $"{member.Management}",
            ["Streaming__Cluster__Roles"] = member.Role,
            ["Streaming__Gateway__Urls"] = $"http://{member.Host}:{member.Http}",
        };
        for (var i = 0; i < all.Count; i++) environment[$"Streaming__Cluster__ContactPoints__{i}"] = $"{all[i].Host}:{all[i].Management}";
        var process = NodeProcess.Start(new NodeProcessOptions { Environment = environment, OnOutput = line => output.WriteLine($"[{member.Name}] {line}") });
        _nodes.Add((member, process));
        return process;
    }

    [Fact]
    public async Task Three_processors_share_the_partitions_keep_entities_local_survive_the_loss_of_one_take_a_replacement_and_a_down()
    {
        Member M(int i, string role) => new(role == "gateway" ? "gateway" : $"p{i}", $"127.0.0.{i + 2}", FreePort.Next(), FreePort.Next(), FreePort.Next(), role);
        var members = new[] { M(0, "processor"), M(1, "processor"), M(2, "processor"), M(3, "gateway") };
        var processes = members.Select(m => Start(m, members)).ToList();
        var gateway = processes[3];
        var processors = processes.Take(3).ToList();
        foreach (var process in processes) (await process.WaitForHttpAsync("/health/ready", TimeSpan.FromSeconds(90))).Dispose();
        using (var live = await gateway.Http.GetAsync("/health/live")) Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        var events = TrafficGenerator.Generate(seed: 19, users: 60, eventsPerUser: 30, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), SessionTraffic.Gap, "cl_u");
        var chunks = events.Chunk(events.Count / 60).ToList();
        var posted = 0;
        async Task PostAsync(int upTo)
        {
            for (; posted < upTo; posted++)
            {
                await SessionTraffic.PostAsync(gateway.Http, chunks[posted], batch: 500);
                await Task.Delay(250);
            }
        }

        // The group settles before traffic: every processor owns partitions, so each partition's shards are first
        // allocated where its consumer is and never move while the three run.
        await Eventually.Until(async () => await Task.WhenAll(processors.Select(p => PartitionsAsync(p))) is var owned && owned.All(n => n > 0) && owned.Sum() == 18,
            TimeSpan.FromSeconds(90), "every processor to own partitions, and every partition of the three input topics to be owned");

        await PostAsync(30);
        Assert.True((await ConsumedByNodeAsync(processors)).All(n => n > 0), "every processor consumed");
        using (var session = await gateway.Http.GetAsync($"/api/v1/analytics/users/{chunks[29][^1].UserId}/session"))
            Assert.True(session.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"the gateway's live query answered {(int)session.StatusCode}");
        await PostAsync(chunks.Count);

        // The end of the traffic: users an hour later on every partition move the watermarks past every session.
        var end = events.Max(e => e.Time).AddHours(1);
        await SessionTraffic.PostAsync(gateway.Http, [.. Enumerable.Range(0, 60).Select(i => new ExpectedSession.Input($"flush{i}", end, "page_view", null, "web"))]);

        // A result may be published again (a processor restarted from its checkpoint), always with the same bytes.
        var expected = SessionTraffic.Expected(events);
        await Eventually.Until(() => SessionTraffic.Records(_kafka.BootstrapServers, "cl_u").Select(r => r.Headers["result_id"]).Distinct().Count() >= expected.Count,
            TimeSpan.FromSeconds(150), $"{expected.Count} sessions");
        var records = SessionTraffic.Records(_kafka.BootstrapServers, "cl_u");
        foreach (var same in records.GroupBy(r => r.Headers["result_id"]))
            Assert.True(same.Select(r => r.Value).Distinct().Count() == 1, $"session {same.Key} was published with different contents:\n{string.Join("\n", same.Select(r => r.Value).Distinct())}");
        Assert.Equal(expected, [.. records.DistinctBy(r => r.Headers["result_id"]).Select(r => ExpectedSession.FromRecord(r.Value)).OrderBy(s => s.SessionId, StringComparer.Ordinal)]);

        // A processor dies: its partitions move to the others, which go on from their checkpoints. (After the traffic:
        // a kill or a join while shards move under traffic can still lose an update — docs/status.md, open bug.)
        var killed = Stopwatch.StartNew();
        processors[1].Kill();
        var survivors = new[] { processors[0], processors[2] };
        await Eventually.Until(async () => (await Task.WhenAll(survivors.Select(p => PartitionsAsync(p)))).Sum() == 6 * 3,
            TimeSpan.FromSeconds(90), "the survivors to own every partition of the three input topics");
        output.WriteLine($"partitions reassigned {killed.Elapsed.TotalSeconds:N1} s after the kill");

        // Steady state: once the shards have followed the partitions (sharding rebalances every 10 s), traffic to every
        // partition crosses no node.
        var round = 0;
        long crossed = 0;
        await Eventually.Until(async () =>
        {
            round++;
            crossed = await CrossNodeAsync(survivors);
            var consumed = (await ConsumedByNodeAsync(survivors)).Sum();
            await SessionTraffic.PostAsync(gateway.Http, [.. Enumerable.Range(0, 60).Select(i => new ExpectedSession.Input($"steady{round}_{i}", end.AddHours(round), "page_view", null, "web"))]);
            await Eventually.Until(async () => (await ConsumedByNodeAsync(survivors)).Sum() >= consumed + 60, TimeSpan.FromSeconds(60), "a round of 60 events consumed");
            return await CrossNodeAsync(survivors) == crossed;
        }, TimeSpan.FromSeconds(90), "a round of traffic to every partition with no entity reply from another node");
        output.WriteLine($"{crossed} entity replies crossed nodes while shards moved, none at steady state");

        // A replacement joins, on new ports (right after a SIGKILL the old management port may still be held by the
        // kernel), and takes partitions over.
        var replacement = Start(members[1] with { Remoting = FreePort.Next(), Management = FreePort.Next(), Http = FreePort.Next() }, members);
        (await replacement.WaitForHttpAsync("/health/ready", TimeSpan.FromSeconds(90))).Dispose();
        processors = [processors[0], replacement, processors[2]];
        await Eventually.Until(async () => (await Task.WhenAll(processors.Select(p => PartitionsAsync(p)))).All(n => n > 0),
            TimeSpan.FromSeconds(90), "the replacement to own partitions");

        // The operator's view: every member Up, the gateway's roles among them.
        var (shown, table) = await Ctl.RunAsync(gateway, "cluster", "show");
        Assert.Equal(0, shown);
        foreach (var member in members) Assert.Contains($"@{member.Host}:", table, StringComparison.Ordinal);
        var gatewayRow = table.Split('\n').First(l => l.StartsWith("akka", StringComparison.Ordinal)
            && l.Contains($"@{members[3].Host}:{members[3].Remoting}", StringComparison.Ordinal));
        Assert.Matches(@"\sUp\s.*\bgateway\b", gatewayRow);
        var (refused, why) = await Ctl.RunAsync(gateway, "cluster", "down", "akka.tcp://streaming@127.0.0.9:1");
        Assert.Equal(1, refused);
        Assert.Contains("not a member", why, StringComparison.Ordinal);

        // An operator downs a processor through the gateway's admin endpoint: it leaves and stops, the others go on.
        using var view = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/admin/cluster"));
        var target = view.RootElement.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("address").GetString()!)
            .Single(a => a.EndsWith($"@{members[2].Host}:{members[2].Remoting}", StringComparison.Ordinal));
        using (var unknown = await gateway.Http.PostAsync("/api/v1/admin/cluster/down?address=akka.tcp%3A%2F%2Fstreaming%40127.0.0.9%3A1", null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("address", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var down = await gateway.Http.PostAsync($"/api/v1/admin/cluster/down?address={Uri.EscapeDataString(target)}", null))
            Assert.Equal(HttpStatusCode.OK, down.StatusCode);
        await processors[2].WaitForExitAsync(TimeSpan.FromSeconds(60));
        var remaining = new[] { processors[0], processors[1] };
        await Eventually.Until(async () => (await Task.WhenAll(remaining.Select(p => PartitionsAsync(p)))).Sum() == 6 * 3,
            TimeSpan.FromSeconds(90), "the two remaining processors to own every partition after the down");
        await Eventually.Until(async () =>
        {
            using var members = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/admin/cluster"));
            return members.RootElement.GetProperty("members").EnumerateArray().All(m => m.GetProperty("address").GetString() != target);
        }, TimeSpan.FromSeconds(60), "the downed member to be removed");
        var before = (await ConsumedByNodeAsync(remaining)).Sum();
        await SessionTraffic.PostAsync(gateway.Http, [.. Enumerable.Range(0, 60).Select(i => new ExpectedSession.Input($"downed{i}", end.AddHours(round + 1), "page_view", null, "web"))]);
        await Eventually.Until(async () => (await ConsumedByNodeAsync(remaining)).Sum() >= before + 60, TimeSpan.FromSeconds(60), "traffic after the down consumed");

        // The replays after the moves changed no published session.
        var after = SessionTraffic.Records(_kafka.BootstrapServers, "cl_u");
        foreach (var same in after.GroupBy(r => r.Headers["result_id"]))
            Assert.True(same.Select(r => r.Value).Distinct().Count() == 1, $"session {same.Key} was published again with different contents");
        Assert.Equal(expected.Count, after.Select(r => r.Headers["result_id"]).Distinct().Count());
    }

    private static async Task<JsonElement> MetricsAsync(NodeProcess node) => await SessionTraffic.MetricsAsync(node);

    /// <summary>Input partitions this node processes now.</summary>
    private static async Task<int> PartitionsAsync(NodeProcess node) => (await MetricsAsync(node)).GetProperty("partitions").GetArrayLength();

    private static async Task<long> CrossNodeAsync(IEnumerable<NodeProcess> nodes) =>
        (await Task.WhenAll(nodes.Select(async n => SessionTraffic.Total(await MetricsAsync(n), "entity_replies_cross_node")))).Sum();

    private static async Task<long[]> ConsumedByNodeAsync(IEnumerable<NodeProcess> nodes) =>
        await Task.WhenAll(nodes.Select(async n => SessionTraffic.Total(await MetricsAsync(n), "consumed:user_events")));
}
