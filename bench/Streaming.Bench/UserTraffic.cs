using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Streaming.Streams.Contracts;

namespace Streaming.Bench;

/// <summary>
/// Shop visitors for the session engine, into <c>user_events</c> keyed by user id like the gateway.
/// <see cref="BenchOptions.Active"/> users are in a session at any moment, each ends it after ~8
/// events (geometric) and is replaced by a random one of <see cref="BenchOptions.Users"/>; event time
/// advances <see cref="BenchOptions.SimMsPerEvent"/> per event (with up to 2 s of disorder, within the
/// default bound B = 5 s), so with the default gap G = 5 min sessions close a few wall-clock seconds
/// after their last event.
/// </summary>
internal sealed class UserTraffic : ITraffic
{
    private static readonly string[] Types = ["page_view", "page_view", "page_view", "click", "click", "search", "add_to_cart", "purchase", "login"];
    private static readonly string[] Devices = ["mobile", "desktop", "tablet"];
    private readonly BenchOptions _o;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private readonly (int User, int Device)[] _slots;
    private readonly byte[][] _keys;
    private readonly byte[] _buffer = new byte[512];

    public UserTraffic(BenchOptions o)
    {
        _o = o;
        var random = new Random(42);
        _slots = new (int, int)[Math.Max(1, o.Active)];
        for (var i = 0; i < _slots.Length; i++) _slots[i] = (random.Next(o.Users), random.Next(Devices.Length));
        _keys = new byte[o.Users][];
        var sample = Format(new byte[512], "sample", "user_1", "page_view", 1, _start, _start);
        var parsed = EventKinds.User.Deserialize(sample);
        if (!parsed.TryGetValue(out _)) throw new InvalidOperationException("generated event is invalid: " + string.Join("; ", parsed.Errors));
        RecordBytes = sample.Length + 8 + 80;
    }

    public int RecordBytes { get; }

    public (string Topic, byte[] Key, byte[] Value) Next(Random random, long seq)
    {
        var s = random.Next(_slots.Length);
        var (user, device) = _slots[s];
        var time = _start.AddMilliseconds((seq * _o.SimMsPerEvent) - random.Next(2000));
        var userId = "user_" + user.ToString(CultureInfo.InvariantCulture);
        var key = _keys[user] ??= Encoding.UTF8.GetBytes(userId);
        var value = Format(_buffer, $"{_runId}-{seq}", userId, Types[random.Next(Types.Length)], random.Next(997), time, DateTimeOffset.UtcNow, Devices[device]);
        // The user leaves after this event with probability 1/8; someone else starts a session.
        if (random.Next(8) == 0) _slots[s] = (random.Next(_o.Users), random.Next(Devices.Length));
        return (TopicNames.UserEvents, key, value);
    }

    /// <summary>A user event as the gateway stores it (snake_case, UTC milliseconds).</summary>
    public static byte[] Format(byte[] buffer, string eventId, string userId, string type, int page, DateTimeOffset time, DateTimeOffset ingested, string device = "mobile")
    {
        if (!Utf8.TryWrite(buffer, CultureInfo.InvariantCulture,
                $"{{\"event_id\":\"{eventId}\",\"user_id\":\"{userId}\",\"event_type\":\"{type}\",\"page_url\":\"/products/item-{page}\",\"timestamp\":\"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\",\"ingested_at\":\"{ingested.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\",\"metadata\":{{\"device\":\"{device}\"}}}}",
                out var written))
            throw new InvalidOperationException("event buffer too small");
        return buffer.AsSpan(0, written).ToArray();
    }
}
