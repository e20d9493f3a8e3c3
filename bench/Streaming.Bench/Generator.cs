using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Confluent.Kafka;
using Streaming.Streams.Contracts;

namespace Streaming.Bench;

/// <summary>
/// Shop traffic for the engine, straight into <c>user_events</c> in the stored (normalized) format,
/// keyed by user id like the gateway. <see cref="BenchOptions.Active"/> users are in a session at any
/// moment, each ends it after ~8 events (geometric) and is replaced by a random one of
/// <see cref="BenchOptions.Users"/>; event time advances <see cref="BenchOptions.SimMsPerEvent"/> per event
/// (with up to 2 s of disorder, within the default bound B = 5 s), so with the default gap G = 5 min
/// sessions close a few wall-clock seconds after their last event.
/// </summary>
internal sealed class Generator : IDisposable
{
    private static readonly string[] Types = ["page_view", "page_view", "page_view", "click", "click", "search", "add_to_cart", "purchase", "login"];
    private static readonly string[] Devices = ["mobile", "desktop", "tablet"];

    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly BenchOptions _o;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private readonly Action<DeliveryReport<byte[]?, byte[]>> _delivered;
    private Thread? _thread;
    private volatile bool _stop;
    private long _produced;
    private long _acked;
    private long _paceFrom;
    private long _paceTicks;

    public Generator(string bootstrap, BenchOptions o)
    {
        _o = o;
        _producer = Producer(bootstrap);
        _delivered = _ => Interlocked.Increment(ref _acked);
        var sample = Format(new byte[512], "sample", "user_1", "page_view", 1, _start, _start);
        var parsed = EventKinds.User.Deserialize(sample);
        if (!parsed.TryGetValue(out _)) throw new InvalidOperationException("generated event is invalid: " + string.Join("; ", parsed.Errors));
        RecordBytes = sample.Length + 8 + 80; // value, key, record overhead in the log
    }

    /// <summary>Approximate bytes one record takes in the broker's log.</summary>
    public int RecordBytes { get; }

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
        var slots = new (int User, int Device)[Math.Max(1, _o.Active)];
        for (var i = 0; i < slots.Length; i++) slots[i] = (random.Next(_o.Users), random.Next(Devices.Length));
        var buffer = new byte[512];
        var keys = new byte[_o.Users][];
        long seq = 0;
        while (!_stop)
        {
            if (Interlocked.Read(ref _produced) >= Limit())
            {
                Thread.Sleep(1);
                continue;
            }
            for (var n = 0; n < 200; n++)
            {
                var s = random.Next(slots.Length);
                var (user, device) = slots[s];
                var time = _start.AddMilliseconds((seq * _o.SimMsPerEvent) - random.Next(2000));
                var userId = "user_" + user.ToString(CultureInfo.InvariantCulture);
                var key = keys[user] ??= Encoding.UTF8.GetBytes(userId);
                var value = Format(buffer, $"{_runId}-{seq}", userId, Types[random.Next(Types.Length)], random.Next(997), time, DateTimeOffset.UtcNow, Devices[device]);
                while (true)
                {
                    try
                    {
                        _producer.Produce(TopicNames.UserEvents, new Message<byte[]?, byte[]> { Key = key, Value = value }, _delivered);
                        break;
                    }
                    catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        _producer.Poll(TimeSpan.FromMilliseconds(5));
                    }
                }
                seq++;
                Interlocked.Increment(ref _produced);
                // The user leaves after this event with probability 1/8; someone else starts a session.
                if (random.Next(8) == 0) slots[s] = (random.Next(_o.Users), random.Next(Devices.Length));
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

    /// <summary>An event as the gateway stores it (snake_case, UTC milliseconds).</summary>
    public static byte[] Format(byte[] buffer, string eventId, string userId, string type, int page, DateTimeOffset time, DateTimeOffset ingested, string device = "mobile")
    {
        if (!Utf8.TryWrite(buffer, CultureInfo.InvariantCulture,
                $"{{\"event_id\":\"{eventId}\",\"user_id\":\"{userId}\",\"event_type\":\"{type}\",\"page_url\":\"/products/item-{page}\",\"timestamp\":\"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\",\"ingested_at\":\"{ingested.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\",\"metadata\":{{\"device\":\"{device}\"}}}}",
                out var written))
            throw new InvalidOperationException("event buffer too small");
        return buffer.AsSpan(0, written).ToArray();
    }

    public void Dispose()
    {
        Stop();
        _producer.Dispose();
    }
}
