using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.Kinesis;
using Amazon.Kinesis.Model;
using Confluent.Kafka;
using Streaming.Kinesis.Tests.Support;
using Streaming.Streams.Kafka;
using Streaming.Streams.Kinesis;

namespace Streaming.Bench;

/// <summary>
/// Kafka → Kinesis forwarding throughput (docs/benchmarks.md, "Kafka → Kinesis"). Three measurements,
/// each after a warm-up: (1) kinesalite alone, PutRecords of 500 envelope-sized records with distinct
/// keys from 1 and from 4 concurrent callers, in memory and on LevelDB — the emulator's ceiling; (2) the
/// forwarder from the embedded broker into kinesalite (both stores) — the figure; (3) the forwarder into an endpoint that accepts and
/// drops everything — the forwarder's own ceiling. A closed-loop producer keeps at most 60,000 records
/// ahead of the forwarder (the embedded broker keeps only ~5 MiB per partition). Options: --seconds,
/// --warmup, --partitions (Kafka), --users (distinct keys), --runs.
/// </summary>
internal static class KinesisBench
{
    private const int Shards = 4;
    private const int MaxAhead = 60_000;

    public static async Task RunAsync(BenchOptions o)
    {
        var before = ProcStat.Machine();
        await Task.Delay(2000);
        var after = ProcStat.Machine();
        Console.Error.WriteLine($"machine: {Environment.ProcessorCount} cores, {(double)(after.Busy - before.Busy) / Math.Max(1, after.Total - before.Total):P0} busy before the benchmark, load average {ProcStat.LoadAverage():N2}");
        Console.Error.WriteLine($"kinesis: seconds={o.Seconds} warmup={o.Warmup} partitions={o.Partitions} keys={o.Users} shards={Shards} runs={o.Runs}");
        var value = SampleValue();
        var envelopeBytes = KinesisEnvelope.Encode(new KafkaRecord("user_events", 3, 123_456, Encoding.UTF8.GetBytes("user-12345"), value, 1_765_000_000_000, KafkaTimestampType.Create, [])).Length;
        Console.WriteLine($"value {value.Length} B, envelope {envelopeBytes} B");
        Console.WriteLine("| measurement | records/s | bench process CPU (cores) | bench CPU per record | kinesalite CPU (cores) | kinesalite CPU per record | machine busy |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        for (var run = 1; run <= o.Runs; run++)
        {
            foreach (var (callers, leveldb) in new[] { (1, false), (4, false), (4, true) })
            {
                await using var kinesalite = await Kinesalite.StartAsync(persistent: leveldb);
                Console.WriteLine(await EmulatorAloneAsync(kinesalite, callers, leveldb, envelopeBytes, o));
            }
            foreach (var leveldb in new[] { false, true })
            {
                await using var kinesalite = await Kinesalite.StartAsync(persistent: leveldb);
                Console.WriteLine(await ForwardAsync($"forwarder → kinesalite ({Store(leveldb)})", kinesalite.Endpoint, kinesalite.ProcessId, createStream: true, value, o));
            }
            await using (var sink = new KinesisNullEndpoint())
                Console.WriteLine(await ForwardAsync("forwarder → null endpoint", sink.Endpoint, null, createStream: false, value, o));
        }
    }

    private static string Store(bool leveldb) => leveldb ? "LevelDB" : "in memory";

    private static async Task<string> EmulatorAloneAsync(Kinesalite kinesalite, int callers, bool leveldb, int recordBytes, BenchOptions o)
    {
        var options = KinesisOptions.ForEmulator(kinesalite.Endpoint);
        using (var admin = KinesisAdmin.Create(options)) await admin.CreateStreamAsync("bench", Shards);
        using var client = KinesisClientFactory.Create(options, sdkRetries: 0);
        var data = new byte[recordBytes];
        long sent = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            while (!stop.IsCancellationRequested)
            {
                var keys = new HashSet<string>();
                while (keys.Count < 500) keys.Add("user-" + random.Next(o.Users).ToString(CultureInfo.InvariantCulture));
                var request = new PutRecordsRequest
                {
                    StreamName = "bench",
                    Records = keys.Select(k => new PutRecordsRequestEntry { PartitionKey = k, Data = new MemoryStream(data, writable: false) }).ToList(),
                };
                var response = await client.PutRecordsAsync(request);
                Interlocked.Add(ref sent, 500 - (response.FailedRecordCount ?? 0));
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(o.Warmup, 5)));
        var line = await MeasureAsync($"kinesalite ({Store(leveldb)}) alone, PutRecords ×500, {callers} caller{(callers > 1 ? "s" : "")}", () => Interlocked.Read(ref sent), kinesalite.ProcessId, o.Seconds);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return line;
    }

    private static async Task<string> ForwardAsync(string name, string endpoint, int? emulatorPid, bool createStream, byte[] value, BenchOptions o)
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        cluster.CreateTopic("user_events", o.Partitions);
        var kinesis = KinesisOptions.ForEmulator(endpoint);
        if (createStream)
        {
            using var admin = KinesisAdmin.Create(kinesis);
            await admin.CreateStreamAsync("bench", Shards);
        }
        var settings = new ForwardingSettings { BootstrapServers = cluster.BootstrapServers, DeadLetterTopic = "" };
        await using var forwarder = new KafkaToKinesisForwarder(new ForwardingDefinition("user_events", "bench"), settings, kinesis);
        forwarder.Start();
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(() => Produce(cluster.BootstrapServers, value, forwarder, o, stop.Token));
        await Task.Delay(TimeSpan.FromSeconds(o.Warmup));
        var line = await MeasureAsync(name, () => forwarder.Status().RecordsForwarded, emulatorPid, o.Seconds);
        await stop.CancelAsync();
        await producer;
        var status = forwarder.Status();
        if (status.State is ForwarderState.Failed) throw new InvalidOperationException($"the forwarding failed: {status.Reason}");
        return line + $" <!-- retries {status.Retries}, lag {status.LagRecords} -->";
    }

    /// <summary>Keeps the topic at most <see cref="MaxAhead"/> records ahead of the forwarder.</summary>
    private static void Produce(string bootstrap, byte[] value, KafkaToKinesisForwarder forwarder, BenchOptions o, CancellationToken ct)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 5, Acks = Acks.All, EnableIdempotence = true }).Build();
        var random = new Random(7);
        long produced = 0;
        while (!ct.IsCancellationRequested)
        {
            if (produced - forwarder.Status().RecordsForwarded > MaxAhead)
            {
                Thread.Sleep(5);
                continue;
            }
            for (var i = 0; i < 1000; i++)
            {
                var key = Encoding.UTF8.GetBytes("user-" + random.Next(o.Users).ToString(CultureInfo.InvariantCulture));
                while (true)
                {
                    try
                    {
                        producer.Produce("user_events", new Message<byte[]?, byte[]> { Key = key, Value = value });
                        break;
                    }
                    catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(10));
                    }
                }
            }
            produced += 1000;
            producer.Poll(TimeSpan.Zero);
        }
        producer.Flush(TimeSpan.FromSeconds(10));
    }

    private static async Task<string> MeasureAsync(string name, Func<long> count, int? emulatorPid, int seconds)
    {
        var self = Process.GetCurrentProcess();
        var machine0 = ProcStat.Machine();
        var cpu0 = self.TotalProcessorTime;
        var emulator0 = emulatorPid is { } p0 ? ProcStat.CpuSeconds(p0) : 0;
        var count0 = count();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var count1 = count();
        var elapsed = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpu0).TotalSeconds / elapsed;
        var emulator = emulatorPid is { } p1 ? (ProcStat.CpuSeconds(p1) - emulator0) / elapsed : 0;
        var machine1 = ProcStat.Machine();
        var busy = (double)(machine1.Busy - machine0.Busy) / Math.Max(1, machine1.Total - machine0.Total);
        var rate = (count1 - count0) / elapsed;
        string PerRecord(double cores) => rate > 0 ? string.Create(CultureInfo.InvariantCulture, $"{cores / rate * 1e6:N0} µs") : "–";
        var line = emulatorPid is null
            ? string.Create(CultureInfo.InvariantCulture, $"| {name} | {rate:N0} | {cpu:N2} | {PerRecord(cpu)} | – | – | {busy:P0} |")
            : string.Create(CultureInfo.InvariantCulture, $"| {name} | {rate:N0} | {cpu:N2} | {PerRecord(cpu)} | {emulator:N2} | {PerRecord(emulator)} | {busy:P0} |");
        Console.Error.WriteLine(line);
        return line;
    }

    /// <summary>A user_events value of the size the gateway writes (~200 bytes).</summary>
    private static byte[] SampleValue() => Encoding.UTF8.GetBytes(
        """{"event_id":"0193a4b2-7c1d-7e3f-8a9b-0c1d2e3f4a5b","user_id":"user-12345","event_type":"page_view","page_url":"/products/42","timestamp":"2026-12-07T10:00:00.123Z","ingested_at":"2026-12-07T10:00:00.125Z","metadata":{"device":"mobile"}}""");
}
