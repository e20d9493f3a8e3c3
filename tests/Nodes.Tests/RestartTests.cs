using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Nodes.Tests;

/// <summary>
/// What survives a restart, and what must not: node processes stopped and started again, the embedded broker or a
/// broker hosted by the test, results read with kcat against the naive reference.
/// </summary>
public sealed class RestartTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("streaming-restart-").FullName;

    private NodeProcess Start(IReadOnlyDictionary<string, string> environment, ExternalKafka? kafka = null) =>
        kafka is null
            ? NodeProcess.Start(new NodeProcessOptions { Environment = environment, Arguments = ["--data-dir", _dataDir], OnOutput = output.WriteLine })
            : NodeProcess.Start(new NodeProcessOptions
            {
                Environment = new Dictionary<string, string>(kafka.NodeEnvironment.Concat(environment)),
                Arguments = ["--data-dir", _dataDir],
                OnOutput = output.WriteLine,
            });

    [Fact]
    public async Task A_restart_with_the_same_data_directory_and_a_fresh_embedded_broker_processes_the_second_dataset_exactly()
    {
        var settings = SessionTraffic.Settings(("Streaming__Kafka__Partitions", "3"));
        var backfill = new DateTimeOffset(2026, 9, 14, 8, 0, 0, TimeSpan.Zero);
        var first = TrafficGenerator.Generate(seed: 21, users: 8, eventsPerUser: 20, backfill, SessionTraffic.Gap, "rs_u");
        // The same users over the same time range: with state left from the first run, every event would be judged late or skipped.
        var second = TrafficGenerator.Generate(seed: 22, users: 8, eventsPerUser: 20, backfill, SessionTraffic.Gap, "rs_u");

        await using (var node = Start(settings))
        {
            var bootstrap = await SessionTraffic.EmbeddedBootstrapAsync(node);
            (await node.WaitForHttpAsync()).Dispose();
            await SessionTraffic.PostAsync(node.Http, first);
            await SessionTraffic.AssertSessionsAsync(bootstrap, "rs_u", first);
            Assert.Equal(0, await node.StopAsync());
        }

        await using (var node = Start(settings))
        {
            var bootstrap = await SessionTraffic.EmbeddedBootstrapAsync(node);
            (await node.WaitForHttpAsync()).Dispose();
            await SessionTraffic.PostAsync(node.Http, second);
            await SessionTraffic.AssertSessionsAsync(bootstrap, "rs_u", second);
            Assert.Equal(0, SessionTraffic.Total(await SessionTraffic.MetricsAsync(node), "late:user_events"));
            Assert.Equal(0, await node.StopAsync());
        }
    }

    [Fact]
    public async Task A_node_idle_longer_than_IdleAfter_before_a_historical_dataset_judges_nothing_late()
    {
        await using var node = Start(SessionTraffic.Settings(("Streaming__Kafka__Partitions", "3")));
        var bootstrap = await SessionTraffic.EmbeddedBootstrapAsync(node);
        (await node.WaitForHttpAsync()).Dispose();
        // Three times IdleAfter with no event: a partition that has seen nothing has no watermark to advance.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var months = TrafficGenerator.Generate(seed: 31, users: 10, eventsPerUser: 15, new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero), SessionTraffic.Gap, "idle_u");
        await SessionTraffic.PostAsync(node.Http, months);
        await SessionTraffic.AssertSessionsAsync(bootstrap, "idle_u", months);
        Assert.Equal(0, SessionTraffic.Total(await SessionTraffic.MetricsAsync(node), "late:user_events"));
    }

    [Fact]
    public async Task A_restart_after_a_long_pause_does_not_count_the_downtime_as_idleness()
    {
        using var kafka = ExternalKafka.Start(partitions: 2);
        var settings = SessionTraffic.Settings();
        var start = new DateTimeOffset(2026, 8, 3, 9, 0, 0, TimeSpan.Zero);
        var before = TrafficGenerator.Generate(seed: 41, users: 6, eventsPerUser: 12, start, SessionTraffic.Gap, "pause_u");
        var last = before.Max(e => e.Time);
        // Each user starts a new session (a gap of at least G) close to the partition's watermark: judged against a
        // watermark that counted the downtime as idleness (several times IdleAfter), most of them would be late.
        var after = before.GroupBy(e => e.UserId)
            .Select(g => g.Last() with { Time = Max(g.Last().Time + SessionTraffic.Gap, last.AddMilliseconds(-800)), EventType = "click" }).ToList();

        await using (var node = Start(settings, kafka))
        {
            (await node.WaitForHttpAsync()).Dispose();
            await SessionTraffic.PostAsync(node.Http, before);
            // The crash comes once a checkpoint covers every event: the restart then resumes from the stored watermark,
            // which is what this test is about (without one, it would replay everything from scratch).
            await Eventually.Until(async () => Checkpointed(await SessionTraffic.MetricsAsync(node), "user_events") >= before.Count,
                TimeSpan.FromSeconds(60), "a checkpoint covering the first events");
            node.Kill();
        }

        // A crash, a long pause, and events that arrived while the node was down (replayed at the restart).
        using (var producer = new Confluent.Kafka.ProducerBuilder<string, string>(new Confluent.Kafka.ProducerConfig
               { BootstrapServers = kafka.BootstrapServers, Partitioner = Confluent.Kafka.Partitioner.Murmur2Random }).Build())
        {
            foreach (var e in after) await producer.ProduceAsync("user_events", new Confluent.Kafka.Message<string, string> { Key = e.UserId, Value = TrafficGenerator.ToJson(e) });
        }
        await Task.Delay(TimeSpan.FromSeconds(8));

        await using (var node = Start(settings, kafka))
        {
            (await node.WaitForHttpAsync()).Dispose();
            // Sessions closed after the last checkpoint before the crash are published again, with the same bytes.
            await SessionTraffic.AssertSessionsAsync(kafka.BootstrapServers, "pause_u", [.. before, .. after], crashed: true);
            Assert.Equal(0, SessionTraffic.Total(await SessionTraffic.MetricsAsync(node), "late:user_events"));
        }
    }

    [Fact]
    public async Task A_graceful_stop_under_load_exits_0_and_the_next_start_replays_nothing()
    {
        using var kafka = ExternalKafka.Start(partitions: 3);
        var settings = SessionTraffic.Settings();
        var events = TrafficGenerator.Generate(seed: 51, users: 60, eventsPerUser: 60, new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero), SessionTraffic.Gap, "load_u");
        Dictionary<string, long> drained = [];

        await using (var node = Start(settings, kafka))
        {
            (await node.WaitForHttpAsync()).Dispose();
            using var load = new CancellationTokenSource();
            var posting = Task.Run(async () =>
            {
                foreach (var chunk in events.Chunk(100))
                {
                    if (load.IsCancellationRequested) return;
                    try
                    {
                        await SessionTraffic.PostAsync(node.Http, chunk, batch: 100, patience: TimeSpan.FromSeconds(5));
                    }
                    catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                    {
                        return;
                    }
                }
            });
            await Eventually.Until(async () => SessionTraffic.Total(await SessionTraffic.MetricsAsync(node), "consumed:user_events") > 1000,
                TimeSpan.FromSeconds(60), "processing under load");
            Assert.Equal(0, await node.StopAsync());
            await load.CancelAsync();
            await posting;
            drained = NodeLog.Drained(node.Lines);
        }
        // Every partition of the three input topics drained.
        Assert.Equal(9, drained.Count);

        await using (var node = Start(settings, kafka))
        {
            (await node.WaitForHttpAsync()).Dispose();
            var metrics = await Eventually.Value(() => SessionTraffic.MetricsAsync(node), m => m.GetProperty("partitions").GetArrayLength() == 9,
                TimeSpan.FromSeconds(60), "every partition started");
            // Each partition resumes from exactly the checkpoint its drain wrote: nothing processed before the stop is read again.
            foreach (var partition in metrics.GetProperty("partitions").EnumerateArray())
                Assert.Equal(drained[partition.GetProperty("partition_id").GetString()!], partition.GetProperty("resumed_from").GetInt64());
        }
    }

    /// <summary>How many records of the topic's partitions the landed checkpoints cover.</summary>
    private static long Checkpointed(System.Text.Json.JsonElement metrics, string topic) =>
        metrics.GetProperty("partitions").EnumerateArray()
            .Where(p => p.GetProperty("partition_id").GetString()!.StartsWith(topic + "-", StringComparison.Ordinal))
            .Sum(p => p.GetProperty("checkpoint_offset").GetInt64() + 1);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
