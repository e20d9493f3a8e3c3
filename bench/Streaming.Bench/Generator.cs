using System.Diagnostics;
using Confluent.Kafka;

namespace Streaming.Bench;

/// <summary>
/// Produces an <see cref="ITraffic"/> on its own thread as fast as the broker takes it — closed loop
/// (<see cref="Limit"/>) or paced (<see cref="Pace"/>) — and counts what the broker acknowledged.
/// </summary>
internal sealed class Generator : IDisposable
{
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly ITraffic _traffic;
    private readonly Action<DeliveryReport<byte[]?, byte[]>> _delivered;
    private Thread? _thread;
    private volatile bool _stop;
    private long _produced;
    private long _acked;
    private long _paceFrom;
    private long _paceTicks;

    public Generator(string bootstrap, ITraffic traffic)
    {
        _traffic = traffic;
        _producer = Producer(bootstrap);
        _delivered = _ => Interlocked.Increment(ref _acked);
    }

    /// <summary>Approximate bytes one record takes in the broker's log.</summary>
    public int RecordBytes => _traffic.RecordBytes;

    /// <summary>Records acknowledged by the broker.</summary>
    public long Acked => Interlocked.Read(ref _acked);

    /// <summary>The generator produces while it has produced fewer records than this says.</summary>
    public Func<long> Limit { get; set; } = () => long.MaxValue;

    /// <summary>From now on, <see cref="Paced"/> allows <paramref name="rate"/> records per second.</summary>
    public void Pace(int rate)
    {
        Interlocked.Exchange(ref _paceFrom, Interlocked.Read(ref _produced));
        Interlocked.Exchange(ref _paceTicks, Stopwatch.GetTimestamp());
    }

    public long Paced(int rate) => Interlocked.Read(ref _paceFrom) + (long)(Stopwatch.GetElapsedTime(Interlocked.Read(ref _paceTicks)).TotalSeconds * rate);

    public void Start()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "generator" };
        _thread.Start();
    }

    public void Stop()
    {
        _stop = true;
        _thread?.Join();
        _thread = null;
    }

    private void Loop()
    {
        var random = new Random(42);
        long seq = 0;
        while (!_stop)
        {
            if (Interlocked.Read(ref _produced) >= Limit())
            {
                Thread.Sleep(1);
                continue;
            }
            var limit = Limit();
            for (var n = 0; n < 200 && Interlocked.Read(ref _produced) < limit; n++)
            {
                var (topic, key, value) = _traffic.Next(random, seq);
                while (true)
                {
                    try
                    {
                        _producer.Produce(topic, new Message<byte[]?, byte[]> { Key = key, Value = value }, _delivered);
                        break;
                    }
                    catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        _producer.Poll(TimeSpan.FromMilliseconds(5));
                    }
                }
                seq++;
                Interlocked.Increment(ref _produced);
            }
        }
        _producer.Flush(TimeSpan.FromSeconds(10));
    }

    public static IProducer<byte[]?, byte[]> Producer(string bootstrap) => new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Acks = Acks.All,
            Partitioner = Partitioner.Murmur2Random,
            LingerMs = 5,
            DeliveryReportFields = "none",
            QueueBufferingMaxKbytes = 65_536,
            QueueBufferingMaxMessages = 1_000_000,
        }).Build();

    public void Dispose()
    {
        Stop();
        _producer.Dispose();
    }
}
