using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Streaming.Streams.Contracts;
using Streaming.TestSupport;

namespace Streaming.Bench;

/// <summary>One run of the engine benchmark with one persistence provider.</summary>
internal sealed record EngineResult(
    string Persistence,
    double EventsPerSecond,
    double ProducedPerSecond,
    double SessionsPerSecond,
    double ResultRecordsPerSecond,
    double CheckpointedEntitiesPerSecond,
    double CheckpointsPerSecond,
    double NodeCpuCores,
    double BenchCpuCores,
    double MachineBusy,
    double LoadAverage,
    long LateEvents,
    long DeadLetters,
    RecoveryResult? Recovery,
    MemoryResult? Memory);

/// <summary>Seconds from the SIGKILL: new node healthy, consuming again, everything produced before the kill
/// committed (processed and checkpointed), committed lag back to its level before the kill.</summary>
internal sealed record RecoveryResult(double Rate, double Healthy, double Consuming, double CaughtUp, double LagNormal, long LagBefore, long BacklogAtKill);

internal sealed record MemoryResult(int Users, long RssBefore, long RssAfter, long HeapBefore, long HeapAfter)
{
    public double RssPerUser => (RssAfter - RssBefore) / (double)Users;
    public double HeapPerUser => (HeapAfter - HeapBefore) / (double)Users;
}

/// <summary>
/// The processing engine end to end: a generator produces user events into <c>user_events</c> of an
/// embedded broker hosted by this process while the node (a child process, pointed at that broker)
/// sessionizes them with durable state (SQLite or PostgreSQL). Measures consumed events/s and closed
/// sessions/s over a steady window, recovery after SIGKILL, and memory per idle user entity.
/// </summary>
internal static class EngineBench
{
    private const string Group = "streaming-processors";
    private const double RetentionBytesPerPartition = 5 * 1024 * 1024;

    public static async Task<IReadOnlyList<EngineResult>> RunAsync(BenchOptions o)
    {
        var work = Directory.CreateTempSubdirectory("streaming-enginebench-");
        var providers = ProviderRuns.Providers(o);
        Console.Error.WriteLine($"engine: persistence={string.Join(",", providers)} seconds={o.Seconds} warmup={o.Warmup} partitions={o.Partitions} users={o.Users} active={o.Active} sim-ms/event={o.SimMsPerEvent} memory-users={o.MemoryUsers} recovery={o.Recovery} runs={o.Runs} env=[{string.Join(' ', o.NodeEnvironment.Select(e => $"{e.Key}={e.Value}"))}]; work dir {work.FullName}");
        return await ProviderRuns.RunAsync(o, (provider, postgres, run) => RunOnceAsync(o, provider, postgres, run, work.FullName), Line);
    }

    internal static async Task<Dictionary<string, string>> PersistenceEnvironment(string provider, PostgresServer? postgres, string name, string work) =>
        provider == "postgresql"
            ? new()
            {
                ["Streaming__Persistence__Provider"] = "postgresql",
                ["Streaming__Persistence__ConnectionString"] = await postgres!.CreateDatabaseAsync(name),
            }
            : new()
            {
                ["Streaming__Persistence__Provider"] = "sqlite",
                ["Streaming__Persistence__ConnectionString"] = $"Data Source={Path.Combine(work, name, "streaming.db")}",
            };

    private static async Task<EngineResult> RunOnceAsync(BenchOptions o, string provider, PostgresServer? postgres, int run, string work)
    {
        using var kafka = ExternalKafka.Start(o.Partitions);
        var env = new Dictionary<string, string>(kafka.NodeEnvironment)
        {
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (k, v) in await PersistenceEnvironment(provider, postgres, $"run{run}_{provider}", work)) env[k] = v;

        var node = await BenchNode.StartAsync(o, Path.Combine(work, $"node-{provider}-{run}.log"), env);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var watch = new Watcher(kafka.BootstrapServers, o.Partitions);
        using var generator = new Generator(kafka.BootstrapServers, new UserTraffic(o));
        try
        {
            Console.Error.WriteLine($"  {provider} run {run}: node pid {node.Pid} at {node.Address}");
            await WaitEngineStartedAsync(http, node, o.Partitions);

            // Throughput: closed loop — the generator stays at most maxLag records ahead of what the
            // engine consumed (the mock broker keeps only ~5 MiB per partition).
            var maxLag = (long)(o.Partitions * RetentionBytesPerPartition * 0.5 / generator.RecordBytes);
            var consumed = new Metric();
            using var poll = new CancellationTokenSource();
            var current = new System.Runtime.CompilerServices.StrongBox<BenchNode>(node);
            var poller = PollAsync(http, () => current.Value!, consumed, [TopicNames.UserEvents], poll.Token);
            generator.Limit = ClosedLoop(consumed, maxLag);
            generator.Start();
            await Task.Delay(TimeSpan.FromSeconds(o.Warmup));

            var m0 = await MetricsAsync(http, node);
            var produced0 = generator.Acked;
            var results0 = watch.ResultRecords();
            var cpu0 = node.CpuSeconds();
            var bench0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var machine0 = ProcStat.Machine();
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(o.Seconds));
            var m1 = await MetricsAsync(http, node);
            var seconds = clock.Elapsed.TotalSeconds;
            var produced1 = generator.Acked;
            var results1 = watch.ResultRecords();
            var cpu1 = node.CpuSeconds();
            var bench1 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var machine1 = ProcStat.Machine();
            var load = ProcStat.LoadAverage();
            double Rate(string key) => (m1.GetValueOrDefault(key) - m0.GetValueOrDefault(key)) / seconds;
            var eventsPerSecond = Rate("consumed:user_events");
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    throughput window {seconds:N1} s: {eventsPerSecond:N0} events/s, {Rate("sessions_closed"):N0} sessions/s, {Rate("checkpoints"):N1} checkpoints/s, {Rate("checkpointed_entities"):N0} entities checkpointed/s, node CPU {(cpu1 - cpu0) / seconds:N2}"));

            RecoveryResult? recovery = null;
            if (o.Recovery)
            {
                var rate = o.RecoveryRate > 0 ? o.RecoveryRate : Math.Min(20_000, (int)(eventsPerSecond / 2));
                (recovery, node) = await RecoverAsync(o, provider, run, work, env, current, http, generator, watch, consumed, Math.Max(100, rate));
            }
            await poll.CancelAsync();
            await poller;
            generator.Stop();

            MemoryResult? memory = null;
            if (o.MemoryUsers > 0)
            {
                await node.DisposeAsync();
                memory = await MemoryAsync(o, provider, postgres, run, work);
            }
            return new EngineResult(provider, eventsPerSecond, (produced1 - produced0) / seconds, Rate("sessions_closed"),
                (results1 - results0) / seconds, Rate("checkpointed_entities"), Rate("checkpoints"), (cpu1 - cpu0) / seconds,
                (bench1 - bench0) / seconds, (double)(machine1.Busy - machine0.Busy) / Math.Max(1, machine1.Total - machine0.Total), load,
                m1.GetValueOrDefault("late:user_events"), m1.GetValueOrDefault("dead_letters:user_events"), recovery, memory);
        }
        finally
        {
            generator.Stop();
            await node.DisposeAsync();
        }
    }

    /// <summary>
    /// Open loop at <paramref name="rate"/> events/s, at most maxLag records beyond the committed offsets (so
    /// nothing the next node must replay ages out of the mock's retention). SIGKILL, start a new node, time it.
    /// </summary>
    private static async Task<(RecoveryResult, BenchNode)> RecoverAsync(BenchOptions o, string provider, int run, string work,
        Dictionary<string, string> env, System.Runtime.CompilerServices.StrongBox<BenchNode> current, HttpClient http, Generator generator, Watcher watch, Metric consumed, int rate)
    {
        var node = current.Value!;
        var maxLag = (long)(o.Partitions * RetentionBytesPerPartition * 0.6 / generator.RecordBytes);
        // Drain the closed-loop backlog first, then produce at the fixed rate.
        generator.Limit = () => Math.Min(watch.Committed() + maxLag, generator.Paced(rate));
        generator.Pace(rate);
        // Wait until the closed-loop backlog is processed and committed: the lag is then what the
        // checkpoint interval leaves at this rate (at most 120 s).
        var settle = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(4));
        while (generator.Acked - watch.Committed() > Math.Max(2000, rate * 5) && settle.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(500);
        var lags = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            lags.Add(generator.Acked - watch.Committed());
            await Task.Delay(100);
        }
        lags.Sort();
        var lagBefore = lags[lags.Count * 9 / 10];

        var clock = Stopwatch.StartNew();
        node.Kill();
        var killedAt = generator.Acked;
        var backlog = killedAt - watch.Committed();
        await node.DisposeAsync();
        Console.Error.WriteLine($"    killed at {killedAt:N0} produced, committed lag {backlog:N0} (p90 before {lagBefore:N0}, rate {rate:N0}/s)");
        consumed.Value = 0;
        node = await BenchNode.StartAsync(o, Path.Combine(work, $"node-{provider}-{run}-restarted.log"), env);
        current.Value = node;
        var healthy = clock.Elapsed.TotalSeconds;
        double consuming = double.NaN, caughtUp = double.NaN, lagNormal = double.NaN;
        while (clock.Elapsed < TimeSpan.FromSeconds(120) && (double.IsNaN(consuming) || double.IsNaN(caughtUp) || double.IsNaN(lagNormal)))
        {
            var t = clock.Elapsed.TotalSeconds;
            if (double.IsNaN(consuming))
            {
                try
                {
                    if ((await MetricsAsync(http, node)).GetValueOrDefault("consumed:user_events") > 0) consuming = t;
                }
                catch (HttpRequestException)
                {
                }
            }
            var committed = watch.Committed();
            if (double.IsNaN(caughtUp) && committed >= killedAt) caughtUp = t;
            if (double.IsNaN(lagNormal) && !double.IsNaN(caughtUp) && generator.Acked - committed <= lagBefore) lagNormal = t;
            await Task.Delay(50);
        }
        return (new RecoveryResult(rate, healthy, consuming, caughtUp, lagNormal, lagBefore, backlog), node);
    }

    /// <summary>A fresh node and broker: N users with one event each; RSS and GC heap before and after.</summary>
    private static async Task<MemoryResult> MemoryAsync(BenchOptions o, string provider, PostgresServer? postgres, int run, string work)
    {
        using var kafka = ExternalKafka.Start(o.Partitions);
        var env = new Dictionary<string, string>(kafka.NodeEnvironment) { ["Logging__LogLevel__Default"] = "Warning" };
        foreach (var (k, v) in await PersistenceEnvironment(provider, postgres, $"mem{run}_{provider}", work)) env[k] = v;
        await using var node = await BenchNode.StartAsync(o, Path.Combine(work, $"node-{provider}-{run}-memory.log"), env);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await WaitEngineStartedAsync(http, node, o.Partitions);
        using var producer = Generator.Producer(kafka.BootstrapServers);

        async Task Send(string prefix, int users)
        {
            var before = (await MetricsAsync(http, node)).GetValueOrDefault("consumed:user_events");
            var at = DateTimeOffset.UtcNow;
            // Paced: the embedded broker keeps ~5 MiB per partition, so at most ~2 MiB per partition are ahead of the node.
            var ahead = Math.Max(1_000, o.Partitions * 2 * 1024 * 1024 / 600);
            for (var i = 0; i < users; i++)
            {
                var user = prefix + i.ToString(CultureInfo.InvariantCulture);
                producer.Produce(TopicNames.UserEvents, new Message<byte[]?, byte[]>
                {
                    Key = System.Text.Encoding.UTF8.GetBytes(user),
                    Value = UserTraffic.Format(new byte[512], $"{prefix}-{i}", user, "page_view", i, at, at),
                });
                if ((i + 1) % ahead != 0) continue;
                producer.Flush(TimeSpan.FromSeconds(30));
                while ((await MetricsAsync(http, node)).GetValueOrDefault("consumed:user_events") < before + i + 1 - (ahead / 2)) await Task.Delay(100);
                if ((i + 1) % (ahead * 20) == 0) Console.Error.WriteLine($"    {prefix}: {i + 1:N0} of {users:N0} users sent");
            }
            producer.Flush(TimeSpan.FromSeconds(30));
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while ((await MetricsAsync(http, node)).GetValueOrDefault("consumed:user_events") < before + users && DateTime.UtcNow < deadline)
                await Task.Delay(200);
            // Two checkpoint intervals and then some: every entity is durable (not dirty) and idle.
            await Task.Delay(TimeSpan.FromSeconds(8));
        }

        async Task<(long Rss, long Heap)> Sample()
        {
            // A full collection first: the heap then holds what the node retains, not garbage a later GC would free.
            await InducedGc.RunAsync(node.Pid);
            var rss = new List<long>();
            var heap = new List<long>();
            for (var i = 0; i < 5; i++)
            {
                rss.Add(node.RssBytes());
                heap.Add(await GcHeapAsync(http, node));
                await Task.Delay(1000);
            }
            return (rss.Order().ElementAt(2), heap.Order().ElementAt(2));
        }

        // Warm the code paths (JIT, shard regions, journal tables) so the baseline is not the cold node.
        await Send("warm_", 2000);
        var (rss0, heap0) = await Sample();
        await Send("idle_", o.MemoryUsers);
        var (rss1, heap1) = await Sample();
        return new MemoryResult(o.MemoryUsers, rss0, rss1, heap0, heap1);
    }

    internal static async Task WaitEngineStartedAsync(HttpClient http, BenchNode node, int partitions)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(node.Address, "/api/v1/analytics/processing-metrics")));
                if (doc.RootElement.GetProperty("partitions").GetArrayLength() >= partitions) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("the engine did not open all partitions within 90 s");
    }

    internal static async Task<Dictionary<string, long>> MetricsAsync(HttpClient http, BenchNode node)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(node.Address, "/api/v1/analytics/processing-metrics")));
        return doc.RootElement.GetProperty("totals").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
    }

    /// <summary>prometheus-net's <c>dotnet_total_memory_bytes</c> (GC.GetTotalMemory(false)).</summary>
    private static async Task<long> GcHeapAsync(HttpClient http, BenchNode node)
    {
        var text = await http.GetStringAsync(new Uri(node.Address, "/metrics"));
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("dotnet_total_memory_bytes ", StringComparison.Ordinal));
        return line is null ? -1 : (long)double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A closed-loop generator limit: at most <paramref name="maxLag"/> records ahead of what the engine
    /// consumed, and at most ~3 s of what it consumes per second, so a crash leaves a short backlog.
    /// </summary>
    internal static Func<long> ClosedLoop(Metric consumed, long maxLag)
    {
        var started = Stopwatch.StartNew();
        return () => consumed.Value + Math.Min(maxLag, Math.Max(2000, (long)(3 * consumed.Value / Math.Max(1, started.Elapsed.TotalSeconds))));
    }

    internal sealed class Metric
    {
        private long _value;
        public long Value { get => Interlocked.Read(ref _value); set => Interlocked.Exchange(ref _value, value); }

        public void Add(long count) => Interlocked.Add(ref _value, count);
    }

    /// <summary>Keeps <paramref name="consumed"/> at the node's records consumed from <paramref name="topics"/>, every 100 ms.</summary>
    internal static async Task PollAsync(HttpClient http, Func<BenchNode> node, Metric consumed, IReadOnlyList<string> topics, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var m = await MetricsAsync(http, node());
                consumed.Value = topics.Sum(t => m.GetValueOrDefault("consumed:" + t));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ObjectDisposedException or JsonException)
            {
            }
            try
            {
                await Task.Delay(100, ct);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public static string Line(EngineResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var line = string.Create(c, $"{r.Persistence,-10} {r.EventsPerSecond,9:N0} events/s  {r.SessionsPerSecond,7:N0} sessions/s ({r.ResultRecordsPerSecond:N0} records/s on user_session_analytics)  produced {r.ProducedPerSecond:N0}/s  checkpointed entities {r.CheckpointedEntitiesPerSecond:N0}/s  checkpoints {r.CheckpointsPerSecond:N1}/s  node CPU {r.NodeCpuCores:N2}  bench CPU {r.BenchCpuCores:N2}  machine {r.MachineBusy:P0}  load {r.LoadAverage:N2}  late {r.LateEvents}  dead {r.DeadLetters}");
        if (r.Recovery is { } rec)
            line += string.Create(c, $"\n             recovery @ {rec.Rate:N0}/s: healthy {rec.Healthy:N1} s, consuming {rec.Consuming:N1} s, caught up {rec.CaughtUp:N1} s, lag normal {rec.LagNormal:N1} s (backlog at kill {rec.BacklogAtKill:N0}, lag before {rec.LagBefore:N0})");
        if (r.Memory is { } mem)
            line += string.Create(c, $"\n             memory: {mem.Users:N0} idle users: RSS +{(mem.RssAfter - mem.RssBefore) / 1048576.0:N1} MiB ({mem.RssPerUser:N0} B/user), GC heap +{(mem.HeapAfter - mem.HeapBefore) / 1048576.0:N1} MiB ({mem.HeapPerUser:N0} B/user); RSS {mem.RssBefore / 1048576.0:N0} -> {mem.RssAfter / 1048576.0:N0} MiB");
        return line;
    }

    public static void Print(IReadOnlyList<EngineResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("medians per persistence provider:");
        var json = new Dictionary<string, object>();
        foreach (var group in results.GroupBy(r => r.Persistence))
        {
            double Med(Func<EngineResult, double?> f)
            {
                var values = group.Select(f).Where(v => v is { } x && !double.IsNaN(x)).Select(v => v!.Value).Order().ToList();
                return values.Count == 0 ? double.NaN : values[values.Count / 2];
            }
            var summary = new Dictionary<string, double>
            {
                ["runs"] = group.Count(),
                ["events_per_s"] = Math.Round(Med(r => r.EventsPerSecond)),
                ["sessions_per_s"] = Math.Round(Med(r => r.SessionsPerSecond)),
                ["session_records_per_s"] = Math.Round(Med(r => r.ResultRecordsPerSecond)),
                ["produced_per_s"] = Math.Round(Med(r => r.ProducedPerSecond)),
                ["checkpointed_entities_per_s"] = Math.Round(Med(r => r.CheckpointedEntitiesPerSecond)),
                ["node_cpu_cores"] = Math.Round(Med(r => r.NodeCpuCores), 2),
                ["bench_cpu_cores"] = Math.Round(Med(r => r.BenchCpuCores), 2),
                ["machine_busy"] = Math.Round(Med(r => r.MachineBusy), 2),
                ["load_average"] = Math.Round(Med(r => r.LoadAverage), 2),
                ["recovery_healthy_s"] = Math.Round(Med(r => r.Recovery?.Healthy), 1),
                ["recovery_consuming_s"] = Math.Round(Med(r => r.Recovery?.Consuming), 1),
                ["recovery_caught_up_s"] = Math.Round(Med(r => r.Recovery?.CaughtUp), 1),
                ["recovery_lag_normal_s"] = Math.Round(Med(r => r.Recovery?.LagNormal), 1),
                ["memory_rss_bytes_per_user"] = Math.Round(Med(r => r.Memory?.RssPerUser)),
                ["memory_heap_bytes_per_user"] = Math.Round(Med(r => r.Memory?.HeapPerUser)),
            };
            foreach (var (k, v) in summary) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Key,-10} {k,-30} {v,12:N1}"));
            json[group.Key] = summary.Where(kv => !double.IsNaN(kv.Value)).ToDictionary();
        }
        Console.WriteLine();
        Console.WriteLine(JsonSerializer.Serialize(json));
    }

    /// <summary>Committed offsets of the processors' group and the size of the result topic.</summary>
    private sealed class Watcher : IDisposable
    {
        private readonly IAdminClient _admin;
        private readonly IConsumer<byte[], byte[]> _consumer;
        private readonly int _partitions;

        public Watcher(string bootstrap, int partitions)
        {
            _partitions = partitions;
            _admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
            _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "enginebench-watcher" }).Build();
        }

        /// <summary>Sum over partitions of the next offset to process (committed); 0 where none.</summary>
        public long Committed()
        {
            var tps = Enumerable.Range(0, _partitions).Select(p => new TopicPartition(TopicNames.UserEvents, p)).ToList();
            var result = _admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(Group, tps)]).GetAwaiter().GetResult();
            return result.SelectMany(g => g.Partitions).Sum(p => p.Offset.Value > 0 ? p.Offset.Value : 0);
        }

        public long ResultRecords() => Enumerable.Range(0, _partitions)
            .Sum(p => _consumer.QueryWatermarkOffsets(new TopicPartition(TopicNames.UserSessionAnalytics, p), TimeSpan.FromSeconds(5)).High.Value);

        public void Dispose()
        {
            _admin.Dispose();
            _consumer.Dispose();
        }
    }
}
