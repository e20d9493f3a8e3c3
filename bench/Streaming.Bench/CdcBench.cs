using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Streaming.Streams.Cdc;
using Streaming.Streams.Kafka;
using Streaming.TestSupport;

namespace Streaming.Bench;

/// <summary>
/// The CDC connector end to end on this machine: Debian's PostgreSQL (fsync on) → pgoutput → the connector →
/// librdkafka's mock broker, everything on the same two cores. Three measurements:
/// <list type="bullet">
/// <item>drain: a backlog of changes written while the connector was stopped, then streamed — the connector's
/// capacity from commit to Kafka acknowledgement, with where the CPU goes (connector threads, librdkafka threads,
/// the walsender, other PostgreSQL processes);</item>
/// <item>paced: a writer at the issue's goal rate (20,000 changes/s) with the connector running — the lag, in WAL
/// bytes behind <c>pg_current_wal_lsn()</c> and in age of the newest acknowledged commit;</item>
/// <item>max: the writer unthrottled — whether the connector keeps up with what PostgreSQL can commit here.</item>
/// </list>
/// Each transaction is <c>--batch</c> changes: inserts, updates of earlier rows, deletes (each followed by a tombstone).
/// </summary>
internal static class CdcBench
{
    private const int GoalRate = 20_000;
    private const int DrainChanges = 300_000;
    private const string Topic = "streaming.bench_orders";

    public static async Task RunAsync(BenchOptions o)
    {
        var before = ProcStat.Machine();
        await Task.Delay(2000);
        var after = ProcStat.Machine();
        Console.Error.WriteLine($"machine: {Environment.ProcessorCount} cores, {(double)(after.Busy - before.Busy) / Math.Max(1, after.Total - before.Total):P0} busy before the benchmark, load average {ProcStat.LoadAverage():N2}");

        await using var postgres = await PostgresServer.StartAsync(new PostgresOptions { Settings = new Dictionary<string, string> { ["shared_buffers"] = "128MB", ["max_wal_size"] = "2GB" } });
        var cs = await postgres.CreateDatabaseAsync("bench");
        using var kafka = EmbeddedKafkaCluster.Start();
        kafka.CreateTopic(Topic, o.Partitions);
        await ExecAsync(cs, "CREATE TABLE bench_orders (id bigint PRIMARY KEY, user_id int NOT NULL, amount numeric(12,2) NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
        var options = new CdcOptions
        {
            ConnectionString = cs,
            Tables = ["public.bench_orders"],
            SnapshotMode = CdcSnapshotMode.Never,
            StatusInterval = TimeSpan.FromMilliseconds(100),
        };
        var postmaster = int.Parse(File.ReadLines(Path.Combine(postgres.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var writer = new Writer(cs, o.Batch);
        await writer.OpenAsync();
        Console.WriteLine($"cdc: PostgreSQL 15 (fsync on) → connector → mock broker ({o.Partitions} partitions), {o.Batch} changes per transaction (inserts, updates, deletes)");

        // Warm-up: JIT, connection pools, the broker's first batches.
        using (var connector = CdcConnector.Create(options, kafka.BootstrapServers))
        {
            using var stop = new CancellationTokenSource();
            var run = connector.RunAsync(stop.Token);
            await WaitStreamingAsync(connector);
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed < TimeSpan.FromSeconds(Math.Max(1, o.Warmup))) await writer.TransactionAsync();
            await WaitCaughtUpAsync(connector, TimeSpan.FromMinutes(5));
            await stop.CancelAsync();
            await run;
        }

        // 1. Drain: the backlog written while stopped, then streamed.
        writer.Mark();
        while (writer.Changes < DrainChanges + writer.ChangesAtMark) await writer.TransactionAsync();
        var backlog = writer.Changes - writer.ChangesAtMark;
        writer.Mark();
        using (var connector = CdcConnector.Create(options, kafka.BootstrapServers))
        {
            var lag = await connector.MeasureLagAsync();
            using var stop = new CancellationTokenSource();
            var cpu = CpuSample.Take(postmaster);
            var allocated = GC.GetTotalAllocatedBytes();
            var collections = GC.CollectionCount(0);
            var clock = Stopwatch.StartNew();
            var run = connector.RunAsync(stop.Token);
            await WaitCaughtUpAsync(connector, TimeSpan.FromMinutes(10));
            var seconds = clock.Elapsed.TotalSeconds;
            var used = CpuSample.Take(postmaster) - cpu;
            allocated = GC.GetTotalAllocatedBytes() - allocated;
            collections = GC.CollectionCount(0) - collections;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"drain:  {backlog:N0} changes ({lag?.Bytes / 1_048_576.0:N0} MiB of WAL) streamed in {seconds:N1} s = {backlog / seconds:N0} changes/s committed → acknowledged by Kafka"));
            Console.WriteLine(used.Describe(seconds, backlog));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"        .NET allocation {allocated / (double)backlog:N0} bytes/change, {collections} gen-0 collections ({(GC.GetGCMemoryInfo().Concurrent ? "concurrent" : "non-concurrent")} {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)"));
            await stop.CancelAsync();
            await run;
        }

        // 2. Paced at the goal rate, 3. unthrottled: the connector running alongside the writer.
        using (var connector = CdcConnector.Create(options, kafka.BootstrapServers))
        {
            using var stop = new CancellationTokenSource();
            var run = connector.RunAsync(stop.Token);
            await WaitStreamingAsync(connector);
            await WaitCaughtUpAsync(connector, TimeSpan.FromMinutes(5));
            await LoadAsync("paced", GoalRate, o.Seconds, writer, connector, postmaster);
            await WaitCaughtUpAsync(connector, TimeSpan.FromMinutes(10));
            await LoadAsync("max", null, o.Seconds, writer, connector, postmaster);
            var settle = Stopwatch.StartNew();
            await WaitCaughtUpAsync(connector, TimeSpan.FromMinutes(10));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"        backlog of the unthrottled run worked off {settle.Elapsed.TotalSeconds:N1} s after the writer stopped"));
            await stop.CancelAsync();
            await run;
        }
        await writer.DisposeAsync();
    }

    /// <summary>Writes at <paramref name="rate"/> changes/s (null: as fast as one connection commits) for
    /// <paramref name="seconds"/>, sampling the connector's lag every 100 ms.</summary>
    private static async Task LoadAsync(string name, int? rate, int seconds, Writer writer, CdcConnector connector, int postmaster)
    {
        writer.Mark();
        var published0 = connector.Status.ChangesPublished;
        var cpu = CpuSample.Take(postmaster);
        var clock = Stopwatch.StartNew();
        var lagBytes = new List<long>();
        var lagAges = new List<double>();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            var nextBytes = TimeSpan.Zero;
            while (!sampling.IsCancellationRequested)
            {
                if (connector.Status.LastConfirmedCommitTime is { } confirmed) lagAges.Add((DateTimeOffset.UtcNow - confirmed).TotalMilliseconds);
                if (clock.Elapsed >= nextBytes)
                {
                    if (await connector.MeasureLagAsync() is { } lag) lagBytes.Add(lag.Bytes);
                    nextBytes = clock.Elapsed + TimeSpan.FromSeconds(1);
                }
                await Task.Delay(100);
            }
        });
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (rate is { } r)
            {
                var due = TimeSpan.FromSeconds((double)(writer.Changes - writer.ChangesAtMark) / r);
                if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            }
            await writer.TransactionAsync();
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        var written = writer.Changes - writer.ChangesAtMark;
        var published = connector.Status.ChangesPublished - published0;
        var used = CpuSample.Take(postmaster) - cpu;
        await sampling.CancelAsync();
        await sampler;
        lagAges.Sort();
        lagBytes.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name + ":",-7} writer {written / elapsed:N0} changes/s committed, connector {published / elapsed:N0} changes/s acknowledged over {elapsed:N0} s; " +
            $"lag behind pg_current_wal_lsn() median {Percentile(lagBytes, 0.5) / 1024.0:N0} KiB, max {lagBytes.LastOrDefault() / 1024.0:N0} KiB; " +
            $"age of the newest acknowledged commit median {Percentile(lagAges, 0.5):N0} ms, p99 {Percentile(lagAges, 0.99):N0} ms, max {lagAges.LastOrDefault():N0} ms"));
        Console.WriteLine(used.Describe(elapsed, published));
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static long Percentile(List<long> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static async Task WaitStreamingAsync(CdcConnector connector)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (connector.Status.Phase != CdcPhase.Streaming)
        {
            if (connector.Status.Phase == CdcPhase.Failed || DateTime.UtcNow > deadline) throw new InvalidOperationException($"the connector did not stream: {connector.Status}");
            await Task.Delay(50);
        }
    }

    private static async Task WaitCaughtUpAsync(CdcConnector connector, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await connector.MeasureLagAsync() is not { Bytes: 0 })
        {
            if (connector.Status.Phase == CdcPhase.Failed || DateTime.UtcNow > deadline) throw new InvalidOperationException($"the connector did not catch up: {connector.Status}");
            await Task.Delay(20);
        }
    }

    private static async Task ExecAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>One connection committing transactions of <c>batch</c> changes in a cycle of four: two of inserts, one
    /// updating rows inserted earlier, one deleting the oldest rows.</summary>
    private sealed class Writer(string connectionString, int batch) : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection = new(connectionString);
        private long _nextId = 1;
        private long _oldest = 1;
        private int _step;

        public long Changes { get; private set; }

        public long ChangesAtMark { get; private set; }

        public int BackendPid { get; private set; }

        public async Task OpenAsync()
        {
            await _connection.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT pg_backend_pid()", _connection);
            BackendPid = (int)(await cmd.ExecuteScalarAsync())!;
        }

        public void Mark() => ChangesAtMark = Changes;

        public async Task TransactionAsync()
        {
            string sql;
            switch (_step++ % 4)
            {
                case 0 or 1:
                    sql = $"INSERT INTO bench_orders (id, user_id, amount, status) SELECT g, (g % 100000)::int, (g % 10000) / 100.0, 'NEW' FROM generate_series({_nextId}, {_nextId + batch - 1}) g";
                    _nextId += batch;
                    break;
                case 2:
                    sql = $"UPDATE bench_orders SET status = 'PAID', amount = amount + 1 WHERE id BETWEEN {_nextId - 2 * batch} AND {_nextId - batch - 1}";
                    break;
                default:
                    sql = $"DELETE FROM bench_orders WHERE id BETWEEN {_oldest} AND {_oldest + batch - 1}";
                    _oldest += batch;
                    break;
            }
            await using var cmd = new NpgsqlCommand(sql, _connection);
            Changes += await cmd.ExecuteNonQueryAsync();
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }

    /// <summary>CPU seconds so far: this process's threads (librdkafka's are named rdk:*), the walsender, and the
    /// rest of PostgreSQL (the writer's backend, checkpointer, WAL writer).</summary>
    private sealed record CpuSample(double DotNet, double LibRdKafka, double Walsender, double OtherPostgres)
    {
        public static CpuSample Take(int postmaster)
        {
            // librdkafka's threads live as long as their client; .NET's come and go, so they are the process's total
            // minus librdkafka's (a thread's CPU leaves the per-thread files when it ends, not the process total).
            double rdkafka = 0;
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith("rdk:", StringComparison.Ordinal))
                        rdkafka += Seconds(File.ReadAllText(Path.Combine(task, "stat")));
                }
                catch (IOException)
                {
                    // The thread ended while being read.
                }
            }
            var dotnet = Seconds(File.ReadAllText("/proc/self/stat")) - rdkafka;
            double walsender = 0, other = 0;
            foreach (var proc in Directory.EnumerateDirectories("/proc").Where(d => char.IsAsciiDigit(Path.GetFileName(d)[0])))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(proc, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    var pid = int.Parse(Path.GetFileName(proc), CultureInfo.InvariantCulture);
                    if (pid != postmaster && int.Parse(fields[1], CultureInfo.InvariantCulture) != postmaster) continue;
                    var cmdline = File.ReadAllText(Path.Combine(proc, "cmdline"));
                    if (cmdline.Contains("walsender", StringComparison.Ordinal)) walsender += Seconds(stat);
                    else other += Seconds(stat);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                }
            }
            return new CpuSample(dotnet, rdkafka, walsender, other);
        }

        public static CpuSample operator -(CpuSample a, CpuSample b) =>
            new(a.DotNet - b.DotNet, a.LibRdKafka - b.LibRdKafka, a.Walsender - b.Walsender, a.OtherPostgres - b.OtherPostgres);

        public string Describe(double seconds, long changes)
        {
            string Part(string name, double cpu) => string.Create(CultureInfo.InvariantCulture, $"{name} {cpu / seconds:P0} of a core ({cpu * 1e6 / Math.Max(1, changes):N1} µs/change)");
            return "        CPU: " + string.Join(", ",
                Part(".NET threads (connector, writer client)", DotNet),
                Part("librdkafka threads (producer, mock broker)", LibRdKafka),
                Part("walsender (pgoutput decoding)", Walsender),
                Part("other PostgreSQL (writer backend, WAL writer, checkpointer)", OtherPostgres));
        }

        private static double Seconds(string stat)
        {
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
    }
}
