using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Streaming.Streams.Contracts;
using Streaming.TestSupport;

namespace Streaming.Bench;

internal sealed record AnalyticsResult(
    string Persistence,
    double ProductEventsPerSecond,
    double OrderEventsPerSecond,
    double PopularityRecordsPerSecond,
    double AlertsPerSecond,
    double NodeCpuCores,
    double BenchCpuCores,
    double MachineBusy,
    double LoadAverage,
    IReadOnlyList<AlertLatency> Latencies);

/// <summary>POST of a high-value order → its HIGH_VALUE alert read from <c>order_anomaly_alerts</c>, in milliseconds.</summary>
internal sealed record AlertLatency(int Load, double AchievedLoad, int Probes, int Received, double P50, double P90, double P99, double Max, double PostP50, double PostP99,
    double NodeCpuCores);

/// <summary>
/// Product popularity and order anomalies end to end (issue 4): a generator (<see cref="ShopTraffic"/>) feeds
/// <c>product_analytics</c> and <c>order_events</c> of an embedded broker in this process while the node
/// (a child process) computes windows, trending and alerts with durable state. Measures consumed events/s
/// per stream (closed loop), then, at each background load, the latency from the POST of a high-value
/// order to the gateway until its alert arrives at a consumer of <c>order_anomaly_alerts</c>.
/// </summary>
internal static class AnalyticsBench
{
    private const double RetentionBytesPerPartition = 5 * 1024 * 1024;

    public static async Task<IReadOnlyList<AnalyticsResult>> RunAsync(BenchOptions o)
    {
        var work = Directory.CreateTempSubdirectory("streaming-analyticsbench-");
        var providers = ProviderRuns.Providers(o);
        Console.Error.WriteLine($"analytics: persistence={string.Join(",", providers)} seconds={o.Seconds} warmup={o.Warmup} partitions={o.Partitions} users={o.Users} open-orders={o.Active} products={o.Products} product-share={o.ProductShare} sim-ms/event={o.SimMsPerEvent} loads={string.Join(",", o.Loads)} probes/s={o.ProbesPerSecond} settle={o.Settle}s; work dir {work.FullName}");
        return await ProviderRuns.RunAsync(o, (provider, postgres, run) => RunOnceAsync(o, provider, postgres, run, work.FullName), Line);
    }

    private static async Task<AnalyticsResult> RunOnceAsync(BenchOptions o, string provider, PostgresServer? postgres, int run, string work)
    {
        using var kafka = ExternalKafka.Start(o.Partitions);
        var env = new Dictionary<string, string>(kafka.NodeEnvironment) { ["Logging__LogLevel__Default"] = "Warning" };
        foreach (var (k, v) in o.NodeEnvironment) env[k] = v;
        foreach (var (k, v) in await EngineBench.PersistenceEnvironment(provider, postgres, $"run{run}_{provider}", work)) env[k] = v;
        await using var node = await BenchNode.StartAsync(o, Path.Combine(work, $"node-{provider}-{run}.log"), env);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var traffic = new ShopTraffic(o);
        using var generator = new Generator(kafka.BootstrapServers, traffic);
        using var alerts = new AlertWatcher(kafka.BootstrapServers);
        Console.Error.WriteLine($"  {provider} run {run}: node pid {node.Pid} at {node.Address}");
        using var runtime = NodeRuntimeEvents.Attach(node.Pid, o.Trace);
        var windows = new List<(string Name, DateTime From, DateTime To)>();
        await EngineBench.WaitEngineStartedAsync(http, node, o.Partitions);

        // Throughput, closed loop (the mock keeps ~5 MiB per partition).
        var consumed = new EngineBench.Metric();
        using var poll = new CancellationTokenSource();
        var poller = EngineBench.PollAsync(http, () => node, consumed, [TopicNames.ProductAnalytics, TopicNames.OrderEvents], poll.Token);
        generator.Limit = EngineBench.ClosedLoop(consumed, (long)(o.Partitions * 2 * RetentionBytesPerPartition * 0.5 / generator.RecordBytes));
        generator.Start();
        await Task.Delay(TimeSpan.FromSeconds(o.Warmup));
        var m0 = await EngineBench.MetricsAsync(http, node);
        var cpu0 = node.CpuSeconds();
        var bench0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var machine0 = ProcStat.Machine();
        var clock = Stopwatch.StartNew();
        var from = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(o.Seconds));
        windows.Add(("throughput window", from, DateTime.UtcNow));
        var m1 = await EngineBench.MetricsAsync(http, node);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (node.CpuSeconds() - cpu0) / seconds;
        var benchCpu = (Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - bench0) / seconds;
        var machine1 = ProcStat.Machine();
        var load = ProcStat.LoadAverage();
        double Rate(string key) => (m1.GetValueOrDefault(key) - m0.GetValueOrDefault(key)) / seconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    throughput window {seconds:N1} s: {Rate("consumed:" + TopicNames.ProductAnalytics):N0} product events/s, {Rate("consumed:" + TopicNames.OrderEvents):N0} order events/s, {Rate("product_windows_closed"):N0} popularity records/s, {Rate("alerts_raised"):N0} alerts/s, node CPU {cpu:N2}"));

        var latencies = new List<AlertLatency>();
        foreach (var rate in o.Loads)
        {
            latencies.Add(await LatencyAsync(o, http, node, generator, traffic, alerts, () => consumed.Value, rate, $"{provider}{run}_{rate}",
                (start, end) => windows.Add(($"probes at {rate:N0} events/s", start, end))));
            Console.Error.WriteLine($"    {Line(latencies[^1])}");
        }
        // Runtime events reach the bench about a second late.
        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (var (name, start, end) in windows)
            foreach (var line in runtime.Summary(start, end)) Console.Error.WriteLine($"    {name}: {line}");
        await poll.CancelAsync();
        await poller;
        generator.Stop();
        return new AnalyticsResult(provider, Rate("consumed:" + TopicNames.ProductAnalytics), Rate("consumed:" + TopicNames.OrderEvents),
            Rate("product_windows_closed"), Rate("alerts_raised"), cpu, benchCpu,
            (double)(machine1.Busy - machine0.Busy) / Math.Max(1, machine1.Total - machine0.Total), load, latencies);
    }

    /// <summary>Background traffic paced at <paramref name="rate"/>; high-value orders POSTed at a steady pace; each one timed to its alert.</summary>
    private static async Task<AlertLatency> LatencyAsync(BenchOptions o, HttpClient http, BenchNode node, Generator generator, ShopTraffic traffic,
        AlertWatcher alerts, Func<long> consumed, int rate, string tag, Action<DateTime, DateTime> measured)
    {
        generator.Pace(rate);
        generator.Limit = () => generator.Paced(rate);
        // Let the engine work off what the closed loop left, then settle at the paced rate.
        var drain = Stopwatch.StartNew();
        while (generator.Acked - consumed() > Math.Max(500, rate / 2) && drain.Elapsed < TimeSpan.FromSeconds(90)) await Task.Delay(200);
        await Task.Delay(TimeSpan.FromSeconds(o.Settle));

        var consumed0 = consumed();
        var cpu0 = node.CpuSeconds();
        var window = Stopwatch.StartNew();
        var from = DateTime.UtcNow;
        var probes = o.Seconds * o.ProbesPerSecond;
        var interval = TimeSpan.FromSeconds(1.0 / o.ProbesPerSecond);
        // Open loop: each probe goes out at its time whether or not earlier POSTs have answered, so a
        // stall of the node delays every probe it overlaps (a probe that waited for the one before
        // would start its clock after the stall and hide it: coordinated omission).
        var inFlight = new List<Task<(string OrderId, long At, DateTimeOffset Wall, double Post)>>(probes);
        for (var i = 0; i < probes; i++)
        {
            var due = interval * i;
            if (window.Elapsed < due) await Task.Delay(due - window.Elapsed);
            var userId = o.ProbeUsers > 0 ? $"whale_{i % o.ProbeUsers}" : $"whale_{tag}_{i}";
            inFlight.Add(ProbeAsync(http, node, $"probe_{tag}_{i}", userId, traffic.Latest));
        }
        var done = await Task.WhenAll(inFlight);
        var sent = done.Select(p => (p.OrderId, p.At, p.Wall)).ToList();
        var posts = done.Select(p => p.Post).ToList();
        var achieved = (consumed() - consumed0) / window.Elapsed.TotalSeconds;
        var cpu = (node.CpuSeconds() - cpu0) / window.Elapsed.TotalSeconds;
        var wait = Stopwatch.StartNew();
        while (sent.Any(s => !alerts.Arrived(s.OrderId, out _)) && wait.Elapsed < TimeSpan.FromSeconds(15)) await Task.Delay(100);
        measured(from, DateTime.UtcNow);
        var latencies = sent.Select(s => alerts.Arrived(s.OrderId, out var arrival) ? Stopwatch.GetElapsedTime(s.At, arrival).TotalMilliseconds : double.NaN)
            .Where(l => !double.IsNaN(l)).Order().ToList();
        posts.Sort();
        // Where the time goes (wall clocks of one machine): POST → detected_at (engine applied it), → record timestamp (produced), → arrival.
        var stages = sent.Where(x => alerts.Stamps(x.OrderId, out _, out _)).Select(x =>
        {
            alerts.Stamps(x.OrderId, out var detected, out var produced);
            return (Detect: (detected - x.Wall).TotalMilliseconds, Produce: (produced - detected).TotalMilliseconds);
        }).ToList();
        if (stages.Count > 0)
        {
            var detect = stages.Select(x => x.Detect).Order().ToList();
            var produce = stages.Select(x => x.Produce).Order().ToList();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"      stages: POST → detected_at p50 {Percentile(detect, 0.5):N1} ms, p99 {Percentile(detect, 0.99):N1} ms; detected_at → record timestamp p50 {Percentile(produce, 0.5):N1} ms, p99 {Percentile(produce, 0.99):N1} ms"));
        }
        return new AlertLatency(rate, achieved, probes, latencies.Count, Percentile(latencies, 0.50), Percentile(latencies, 0.90), Percentile(latencies, 0.99),
            latencies.Count == 0 ? double.NaN : latencies[^1], Percentile(posts, 0.50), Percentile(posts, 0.99), cpu);
    }

    /// <summary>POSTs one high-value order; its clock starts before the request is sent.</summary>
    private static async Task<(string OrderId, long At, DateTimeOffset Wall, double Post)> ProbeAsync(HttpClient http, BenchNode node, string orderId,
        string userId, DateTimeOffset time)
    {
        var at = Stopwatch.GetTimestamp();
        var wall = DateTimeOffset.UtcNow;
        using var response = await http.PostAsJsonAsync(new Uri(node.Address, "/api/v1/examples/order-events"), Whale(orderId, userId, time));
        var post = Stopwatch.GetElapsedTime(at).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"probe POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (orderId, at, wall, post);
    }

    /// <summary>A client's order body above the default HIGH_VALUE threshold (1,000,000), at the traffic's current event time.</summary>
    private static Dictionary<string, object> Whale(string orderId, string userId, DateTimeOffset time) => new()
    {
        ["order_id"] = orderId,
        ["user_id"] = userId,
        ["status"] = "created",
        ["total_amount"] = 2_500_000m,
        ["currency"] = "USD",
        ["items"] = new[] { new Dictionary<string, object> { ["product_id"] = "prod_yacht", ["quantity"] = 1, ["price"] = 2_500_000m } },
        ["payment_method"] = "wire_transfer",
        ["timestamp"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
    };

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    public static string Line(AlertLatency l) => string.Create(CultureInfo.InvariantCulture,
        $"alert latency @ {l.Load:N0} events/s (achieved {l.AchievedLoad:N0}): {l.Received}/{l.Probes} alerts, p50 {l.P50:N1} ms, p90 {l.P90:N1} ms, p99 {l.P99:N1} ms, max {l.Max:N1} ms (POST alone p50 {l.PostP50:N1} ms, p99 {l.PostP99:N1} ms); node CPU {l.NodeCpuCores:N2} cores, {l.NodeCpuCores * 1e6 / Math.Max(1, l.AchievedLoad):N1} µs per event");

    public static string Line(AnalyticsResult r)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{r.Persistence,-10} {r.ProductEventsPerSecond + r.OrderEventsPerSecond,9:N0} events/s ({r.ProductEventsPerSecond:N0} product, {r.OrderEventsPerSecond:N0} order)  {r.PopularityRecordsPerSecond:N0} popularity records/s  {r.AlertsPerSecond:N0} alerts/s  node CPU {r.NodeCpuCores:N2}  bench CPU {r.BenchCpuCores:N2}  machine {r.MachineBusy:P0}  load {r.LoadAverage:N2}");
        foreach (var l in r.Latencies) line += "\n             " + Line(l);
        return line;
    }

    public static void Print(IReadOnlyList<AnalyticsResult> results)
    {
        Console.WriteLine();
        foreach (var r in results) Console.WriteLine(Line(r));
        Console.WriteLine();
        Console.WriteLine(JsonSerializer.Serialize(results));
    }

    /// <summary>Reads <c>order_anomaly_alerts</c> from its end on its own thread and notes when each probe's HIGH_VALUE alert arrived.</summary>
    private sealed class AlertWatcher : IDisposable
    {
        private readonly IConsumer<byte[], byte[]> _consumer;
        private readonly Dictionary<string, long> _arrivals = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (DateTimeOffset Detected, DateTimeOffset Produced)> _stamps = new(StringComparer.Ordinal);
        private readonly Thread _thread;
        private volatile bool _stop;

        public AlertWatcher(string bootstrap)
        {
            _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = "analyticsbench-alerts",
                EnableAutoCommit = false,
                FetchWaitMaxMs = 5,
            }).Build();
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
            var partitions = admin.GetMetadata(TopicNames.OrderAnomalyAlerts, TimeSpan.FromSeconds(10)).Topics[0].Partitions;
            _consumer.Assign(partitions.Select(p => new TopicPartitionOffset(TopicNames.OrderAnomalyAlerts, p.PartitionId, Offset.End)));
            _thread = new Thread(Loop) { IsBackground = true, Name = "alert-watcher" };
            _thread.Start();
        }

        public bool Arrived(string orderId, out long at)
        {
            lock (_arrivals) return _arrivals.TryGetValue(orderId, out at);
        }

        public bool Stamps(string orderId, out DateTimeOffset detected, out DateTimeOffset produced)
        {
            lock (_arrivals)
            {
                var found = _stamps.TryGetValue(orderId, out var s);
                (detected, produced) = s;
                return found;
            }
        }

        private void Loop()
        {
            while (!_stop)
            {
                var record = _consumer.Consume(TimeSpan.FromMilliseconds(50));
                if (record?.Message?.Value is not { } value) continue;
                var at = Stopwatch.GetTimestamp();
                using var alert = JsonDocument.Parse(value);
                var root = alert.RootElement;
                if (root.GetProperty("rule").GetString() != "HIGH_VALUE") continue;
                var orderId = root.GetProperty("order_id").GetString() ?? "";
                var detected = root.GetProperty("detected_at").GetDateTimeOffset();
                lock (_arrivals)
                {
                    _arrivals.TryAdd(orderId, at);
                    _stamps.TryAdd(orderId, (detected, record.Message.Timestamp.UtcDateTime));
                }
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
            _consumer.Close();
            _consumer.Dispose();
        }
    }
}
