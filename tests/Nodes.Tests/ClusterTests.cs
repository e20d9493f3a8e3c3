using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Nodes.Tests;

/// <summary>
/// A cluster of real node processes, each on its own loopback address (127.0.0.2–6): three processors and a gateway
/// formed by Akka.Management's cluster bootstrap (config discovery), PostgreSQL as the state backend, a broker hosted
/// by the test. Traffic through the gateway is processed by all three; a fourth joining and one leaving gracefully
/// under traffic hand partitions over without a replay or a duplicate; a processor killed in the middle of traffic and
/// a replacement joining lose and change no result; at steady state no entity reply crosses nodes (shards follow the
/// consumer's partitions); a processor downed through the admin endpoint stops and the others go on.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private sealed record Member(string Name, string Host, int Remoting, int Management, int Http, string Role);

    private const string ApiKey = "cluster-test-key";

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
            ("Streaming__Gateway__ApiKeys__0", Streaming.Ctl.ApiKeyHash.Of(ApiKey)),
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
    public async Task Processors_share_the_partitions_hand_them_over_without_replay_survive_the_loss_of_one_and_a_down()
    {
        Member M(int i, string role) => new(role == "gateway" ? "gateway" : $"p{i}", $"127.0.0.{i + 2}", FreePort.Next(), FreePort.Next(), FreePort.Next(), role);
        var members = new[] { M(0, "processor"), M(1, "processor"), M(2, "processor"), M(3, "gateway") };
        var processes = members.Select(m => Start(m, members)).ToList();
        var gateway = processes[3];
        var processors = processes.Take(3).ToList();
        foreach (var process in processes) (await process.WaitForHttpAsync("/health/ready", TimeSpan.FromSeconds(90))).Dispose();
        gateway.Http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
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

        // The group settles before traffic: every processor owns partitions, and each partition's shards are first
        // allocated where its consumer is.
        await Eventually.Until(async () => await Task.WhenAll(processors.Select(p => PartitionsAsync(p))) is var owned && owned.All(n => n > 0) && owned.Sum() == 18,
            TimeSpan.FromSeconds(90), "every processor to own partitions, and every partition of the three input topics to be owned");

        await PostAsync(20);
        Assert.True((await ConsumedByNodeAsync(processors)).All(n => n > 0), "every processor consumed");
        using (var session = await gateway.Http.GetAsync($"/api/v1/analytics/users/{chunks[19][^1].UserId}/session"))
            Assert.True(session.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"the gateway's live query answered {(int)session.StatusCode}");

        // Under traffic, a fourth processor joins and takes partitions over; then one leaves gracefully (SIGTERM). Each
        // moved partition is drained by its old owner (step finished, checkpoint, commit) and resumed by the new one from
        // exactly that checkpoint once the partition's shards arrived: nothing is processed twice, no result goes out twice.
        var joiner = Start(M(4, "processor"), members);
        await PostAsync(40);
        (await joiner.WaitForHttpAsync("/health/ready", TimeSpan.FromSeconds(90))).Dispose();
        processors.Add(joiner);
        await Eventually.Until(async () => await PartitionsAsync(joiner) > 0, TimeSpan.FromSeconds(90), "the joining processor to own partitions");
        var leaving = processors[1].StopAsync(TimeSpan.FromSeconds(60));
        await PostAsync(chunks.Count);
        Assert.Equal(0, await leaving);
        var running = new[] { processors[0], processors[2], joiner };
        await Eventually.Until(async () => (await Task.WhenAll(running.Select(p => PartitionsAsync(p)))).Sum() == 18,
            TimeSpan.FromSeconds(90), "the processors that stayed to own every partition after the leave");

        // The end of the traffic: users an hour later on every partition move the watermarks past every session.
        var end = events.Max(e => e.Time).AddHours(1);
        await SessionTraffic.PostAsync(gateway.Http, [.. Enumerable.Range(0, 60).Select(i => new ExpectedSession.Input($"flush{i}", end, "page_view", null, "web"))]);
        var expected = SessionTraffic.Expected(events);
        await Eventually.Until(() => SessionTraffic.Records(_kafka.BootstrapServers, "cl_u").Select(r => r.Headers["result_id"]).Distinct().Count() >= expected.Count,
            TimeSpan.FromSeconds(150), $"{expected.Count} sessions");
        await Task.Delay(1500);
        var records = SessionTraffic.Records(_kafka.BootstrapServers, "cl_u");
        Assert.True(records.Count == records.Select(r => r.Headers["result_id"]).Distinct().Count(),
            $"sessions published more than once: {string.Join(", ", records.GroupBy(r => r.Headers["result_id"]).Where(g => g.Count() > 1).Select(g => g.Key))}");
        Assert.Equal(expected, [.. records.Select(r => ExpectedSession.FromRecord(r.Value)).OrderBy(s => s.SessionId, StringComparer.Ordinal)]);
        // Every moved partition resumed at the offset its previous owner drained it at.
        var drained = NodeLog.Drained(processes.Append(joiner).SelectMany(p => p.Lines));
        Assert.NotEmpty(drained);
        foreach (var node in running)
            foreach (var partition in (await MetricsAsync(node)).GetProperty("partitions").EnumerateArray())
                if (drained.TryGetValue(partition.GetProperty("partition_id").GetString()!, out var at))
                    Assert.Equal(at, partition.GetProperty("resumed_from").GetInt64());
        var handOvers = NodeLog.ShardWaits(running.SelectMany(p => p.Lines));
        output.WriteLine($"partitions waited for their shards {handOvers.Count} times, at most {(handOvers.Count > 0 ? handOvers.Max() : 0)} ms");

        // A processor dies in the middle of a second stream of traffic; later a replacement joins. Sessions closed after
        // a partition's last checkpoint are published again by its new owner — with the same bytes — and none is lost.
        var second = TrafficGenerator.Generate(seed: 20, users: 60, eventsPerUser: 10, end.AddHours(1), SessionTraffic.Gap, "cl_k");
        var secondChunks = second.Chunk(second.Count / 30).ToList();
        foreach (var chunk in secondChunks.Take(10)) await SessionTraffic.PostAsync(gateway.Http, chunk, batch: 500);
        var killed = Stopwatch.StartNew();
        processors[0].Kill();
        var survivors = new[] { processors[2], joiner };
        foreach (var chunk in secondChunks.Skip(10))
        {
            await SessionTraffic.PostAsync(gateway.Http, chunk, batch: 500);
            await Task.Delay(250);
        }
        await Eventually.Until(async () => (await Task.WhenAll(survivors.Select(p => PartitionsAsync(p)))).Sum() == 6 * 3,
            TimeSpan.FromSeconds(90), "the survivors to own every partition of the three input topics");
        output.WriteLine($"partitions reassigned and processing {killed.Elapsed.TotalSeconds:N1} s after the kill");
        // The replacement comes on new ports (right after a SIGKILL the old management port may still be held by the kernel).
        var replacement = Start(members[0] with { Remoting = FreePort.Next(), Management = FreePort.Next(), Http = FreePort.Next() }, members);
        (await replacement.WaitForHttpAsync("/health/ready", TimeSpan.FromSeconds(90))).Dispose();
        var third = processors[2];
        processors = [replacement, third, joiner];
        await Eventually.Until(async () => await PartitionsAsync(replacement) > 0, TimeSpan.FromSeconds(90), "the replacement to own partitions");
        var secondEnd = second.Max(e => e.Time).AddHours(1);
        await SessionTraffic.PostAsync(gateway.Http, [.. Enumerable.Range(0, 60).Select(i => new ExpectedSession.Input($"flush{i}", secondEnd, "page_view", null, "web"))]);
        await SessionTraffic.AssertSessionsAsync(_kafka.BootstrapServers, "cl_k", second, TimeSpan.FromSeconds(150), crashed: true);

        // Steady state: traffic to every partition crosses no node.
        var round = 0;
        long crossed = 0;
        await Eventually.Until(async () =>
        {
            round++;
            crossed = await CrossNodeAsync(processors);
            var consumed = (await ConsumedByNodeAsync(processors)).Sum();
            await SessionTraffic.PostAsync(gateway.Http, [.. Enumerable.Range(0, 60).Select(i => new ExpectedSession.Input($"steady{round}_{i}", secondEnd.AddHours(round), "page_view", null, "web"))]);
            await Eventually.Until(async () => (await ConsumedByNodeAsync(processors)).Sum() >= consumed + 60, TimeSpan.FromSeconds(60), "a round of 60 events consumed");
            return await CrossNodeAsync(processors) == crossed;
        }, TimeSpan.FromSeconds(90), "a round of traffic to every partition with no entity reply from another node");
        output.WriteLine($"{crossed} entity replies crossed nodes, none at steady state");

        // The operator's view: every verb, table and --json; then the members, the gateway's roles among them.
        await OperatorVerbs.AssertEveryVerbAsync(gateway, ApiKey, 6 * 3, $"steady{round}_0");
        var (shown, table) = await Ctl.RunAsync(gateway, "--api-key", ApiKey, "cluster", "show");
        Assert.Equal(0, shown);
        foreach (var member in members.Where(m => m.Name != "p1")) Assert.Contains($"@{member.Host}:", table, StringComparison.Ordinal);
        var gatewayRow = table.Split('\n').First(l => l.StartsWith("akka", StringComparison.Ordinal)
            && l.Contains($"@{members[3].Host}:{members[3].Remoting}", StringComparison.Ordinal));
        Assert.Matches(@"\sUp\s.*\bgateway\b", gatewayRow);
        var (refused, why) = await Ctl.RunAsync(gateway, "--api-key", ApiKey, "cluster", "down", "akka.tcp://streaming@127.0.0.9:1");
        Assert.Equal(1, refused);
        Assert.Contains("not a member", why, StringComparison.Ordinal);

        // An operator downs a processor through the gateway's admin endpoint: it leaves and stops, the other goes on.
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
        await third.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var remaining = new[] { replacement, joiner };
        await Eventually.Until(async () => (await Task.WhenAll(remaining.Select(p => PartitionsAsync(p)))).Sum() == 6 * 3,
            TimeSpan.FromSeconds(90), "the remaining processors to own every partition after the down");
        await Eventually.Until(async () =>
        {
            using var members = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/admin/cluster"));
            return members.RootElement.GetProperty("members").EnumerateArray().All(m => m.GetProperty("address").GetString() != target);
        }, TimeSpan.FromSeconds(60), "the downed member to be removed");
        var before = (await ConsumedByNodeAsync(remaining)).Sum();
        await SessionTraffic.PostAsync(gateway.Http, [.. Enumerable.Range(0, 60).Select(i => new ExpectedSession.Input($"downed{i}", secondEnd.AddHours(round + 1), "page_view", null, "web"))]);
        await Eventually.Until(async () => (await ConsumedByNodeAsync(remaining)).Sum() >= before + 60, TimeSpan.FromSeconds(60), "traffic after the down consumed");

        // The moves after the kill changed no published session.
        var after = SessionTraffic.Records(_kafka.BootstrapServers, "cl_");
        foreach (var same in after.GroupBy(r => r.Headers["result_id"]))
            Assert.True(same.Select(r => r.Value).Distinct().Count() == 1, $"session {same.Key} was published again with different contents");
        Assert.Equal(expected.Count + SessionTraffic.Expected(second).Count, after.Select(r => r.Headers["result_id"]).Distinct().Count());
    }

    private static async Task<JsonElement> MetricsAsync(NodeProcess node) => await SessionTraffic.MetricsAsync(node);

    /// <summary>Input partitions this node processes now.</summary>
    private static async Task<int> PartitionsAsync(NodeProcess node) => (await MetricsAsync(node)).GetProperty("partitions").GetArrayLength();

    private static async Task<long> CrossNodeAsync(IEnumerable<NodeProcess> nodes) =>
        (await Task.WhenAll(nodes.Select(async n => SessionTraffic.Total(await MetricsAsync(n), "entity_replies_cross_node")))).Sum();

    private static async Task<long[]> ConsumedByNodeAsync(IEnumerable<NodeProcess> nodes) =>
        await Task.WhenAll(nodes.Select(async n => SessionTraffic.Total(await MetricsAsync(n), "consumed:user_events")));
}
