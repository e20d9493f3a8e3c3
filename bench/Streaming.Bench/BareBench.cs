using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Streaming.Api.Ingest;
using Streaming.Streams.Broker;
using Streaming.Streams.Contracts;
using Streaming.Streams.Kafka;

namespace Streaming.Bench;

/// <summary>
/// The baseline: the same user events (normalized by the gateway's own codec, with its headers and
/// keys) produced by a bare Confluent.Kafka producer with the gateway's producer settings into an
/// embedded broker in this process — no HTTP, no parsing.
/// </summary>
internal static class BareBench
{
    public static async Task<IReadOnlyList<LoadResult>> RunAsync(BenchOptions o)
    {
        var messages = Messages(10_000);
        var results = new List<LoadResult>();
        Console.Error.WriteLine($"bare: in-flight={o.Connections} batch={o.Batch} seconds={o.Seconds} warmup={o.Warmup} partitions={o.Partitions} linger={o.LingerMs ?? new KafkaOptions().LingerMs} runs={o.Runs}");
        for (var run = 1; run <= o.Runs; run++)
        {
            foreach (var scenario in new[] { "bare-produce", "bare-async-single", $"bare-async-batch{o.Batch}" })
            {
                using var cluster = EmbeddedKafkaCluster.Start(1);
                cluster.CreateTopic(TopicNames.UserEvents, o.Partitions);
                using var producer = Build(cluster.BootstrapServers, o.LingerMs ?? new KafkaOptions().LingerMs);
                var machine0 = ProcStat.Machine();
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var result = scenario switch
                {
                    "bare-produce" => Callback(producer, messages, o),
                    "bare-async-single" => await Async(scenario, producer, messages, o, 1),
                    _ => await Async(scenario, producer, messages, o, o.Batch),
                };
                var cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
                var machine1 = ProcStat.Machine();
                result = result with
                {
                    NodeCpuCores = (cpu1 - cpu0).TotalSeconds / (result.Seconds + o.Warmup),
                    MachineCpuBusy = (double)(machine1.Busy - machine0.Busy) / Math.Max(1, machine1.Total - machine0.Total),
                };
                producer.Flush(TimeSpan.FromSeconds(10));
                Console.Error.WriteLine($"    {Report.Line(result)}");
                results.Add(result);
            }
        }
        return results;
    }

    /// <summary>The gateway's producer configuration (EventPublisher with default KafkaOptions).</summary>
    private static IProducer<byte[]?, byte[]> Build(string bootstrap, int lingerMs) => new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
    {
        BootstrapServers = bootstrap,
        EnableIdempotence = true,
        Acks = Acks.All,
        Partitioner = Partitioner.Murmur2Random,
        LingerMs = lingerMs,
        DeliveryReportFields = "none",
        MessageTimeoutMs = 10_000,
        QueueBufferingMaxKbytes = 65_536,
        QueueBufferingMaxMessages = 1_000_000,
        CompressionType = CompressionType.None,
    }).Build();

    private static Message<byte[]?, byte[]>[] Messages(int count)
    {
        var now = DateTimeOffset.UtcNow;
        var json = Encoding.ASCII.GetBytes("application/json");
        var source = Encoding.ASCII.GetBytes("streaming-gateway");
        return Enumerable.Range(0, count).Select(i =>
        {
            var parsed = EventCodec.UserEvents.Parse(Encoding.UTF8.GetBytes(Events.UserEvent(i, now)), now).Event
                ?? throw new InvalidOperationException("bench event is invalid");
            return new Message<byte[]?, byte[]>
            {
                Key = parsed.Key is null ? null : Encoding.UTF8.GetBytes(parsed.Key),
                Value = parsed.Payload,
                Headers = new Headers { { "event_id", Encoding.UTF8.GetBytes(parsed.EventId) }, { "content-type", json }, { "source", source } },
            };
        }).ToArray();
    }

    /// <summary>Fire-and-callback: Produce with a delivery handler as fast as the queue takes it.</summary>
    private static LoadResult Callback(IProducer<byte[]?, byte[]> producer, Message<byte[]?, byte[]>[] messages, BenchOptions o)
    {
        long delivered = 0, failed = 0;
        void Handler(DeliveryReport<byte[]?, byte[]> r)
        {
            if (r.Error.IsError) Interlocked.Increment(ref failed);
            else Interlocked.Increment(ref delivered);
        }
        var clock = Stopwatch.StartNew();
        var warm = TimeSpan.FromSeconds(o.Warmup);
        var end = TimeSpan.FromSeconds(o.Warmup + o.Seconds);
        long d0 = 0, f0 = 0;
        var t0 = TimeSpan.Zero;
        var measuring = false;
        for (var i = 0; ; i++)
        {
            if ((i & 1023) == 0)
            {
                var now = clock.Elapsed;
                if (!measuring && now >= warm) { measuring = true; t0 = now; d0 = Interlocked.Read(ref delivered); f0 = Interlocked.Read(ref failed); }
                if (now >= end) break;
            }
            while (true)
            {
                try
                {
                    producer.Produce(TopicNames.UserEvents, messages[i % messages.Length], Handler);
                    break;
                }
                catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    Thread.Sleep(1);
                }
            }
        }
        var seconds = (clock.Elapsed - t0).TotalSeconds;
        var events = Interlocked.Read(ref delivered) - d0;
        return new LoadResult("bare-produce", seconds, events, events, Interlocked.Read(ref failed) - f0, double.NaN, double.NaN);
    }

    /// <summary>ProduceAsync from <c>Connections</c> concurrent loops, each awaiting <paramref name="perCall"/> records at a time (like one HTTP request).</summary>
    private static async Task<LoadResult> Async(string scenario, IProducer<byte[]?, byte[]> producer, Message<byte[]?, byte[]>[] messages, BenchOptions o, int perCall)
    {
        async Task<(List<long> Latencies, long Failures)> Loop(int w, CancellationToken stop)
        {
            var latencies = new List<long>(1 << 14);
            long failures = 0;
            var k = w * 131;
            var tasks = new Task[perCall];
            while (!stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                for (var j = 0; j < perCall; j++) tasks[j] = producer.ProduceAsync(TopicNames.UserEvents, messages[k++ % messages.Length], CancellationToken.None);
                try
                {
                    await Task.WhenAll(tasks);
                }
                catch (ProduceException<byte[]?, byte[]>)
                {
                    failures++;
                }
                latencies.Add(Stopwatch.GetTimestamp() - start);
            }
            return (latencies, failures);
        }

        async Task<(double Seconds, List<long> Latencies, long Failures)> Phase(int seconds)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var clock = Stopwatch.StartNew();
            var loops = await Task.WhenAll(Enumerable.Range(0, o.Connections).Select(w => Task.Run(() => Loop(w, stop.Token))));
            return (clock.Elapsed.TotalSeconds, loops.SelectMany(l => l.Latencies).ToList(), loops.Sum(l => l.Failures));
        }

        if (o.Warmup > 0) await Phase(o.Warmup);
        var (elapsed, all, failed) = await Phase(o.Seconds);
        all.Sort();
        double Percentile(double p) => all.Count == 0 ? 0 : all[Math.Min(all.Count - 1, (int)(all.Count * p))] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult(scenario, elapsed, all.Count, (all.Count - failed) * perCall, failed, Percentile(0.50), Percentile(0.99));
    }
}
