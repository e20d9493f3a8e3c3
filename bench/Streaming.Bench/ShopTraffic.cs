using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Streaming.Streams.Contracts;

namespace Streaming.Bench;

/// <summary>
/// Product and order traffic for popularity, trending and the order rules, into <c>product_analytics</c>
/// (keyed by product) and <c>order_events</c> (keyed by user) in the stored format.
/// <see cref="BenchOptions.ProductShare"/> of the records are product actions on one of
/// <see cref="BenchOptions.Products"/> products in 20 categories (popular ones more often); the rest move
/// one of <see cref="BenchOptions.Active"/> open orders of <see cref="BenchOptions.Users"/> users through
/// created → paid → shipped → delivered, then open a new one. Amounts stay far below HIGH_VALUE and each
/// order's items add up to its total. Event time advances <see cref="BenchOptions.SimMsPerEvent"/> per
/// record; product actions get up to 2 s of disorder, order events none (their lifecycle is ordered).
/// </summary>
internal sealed class ShopTraffic : ITraffic
{
    private static readonly string[] Actions = ["view", "view", "view", "view", "view", "view", "add_to_cart", "add_to_cart", "purchase", "wishlist", "remove_from_cart"];
    private static readonly string[] Statuses = ["created", "paid", "shipped", "delivered"];
    private readonly BenchOptions _o;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private readonly (long Order, int User, int Stage, int Cents)[] _orders;
    private readonly byte[][] _productKeys;
    private readonly byte[][] _userKeys;
    private readonly byte[] _buffer = new byte[768];
    private long _nextOrder;
    private long _latestTicks;

    public ShopTraffic(BenchOptions o)
    {
        _o = o;
        var random = new Random(7);
        _orders = new (long, int, int, int)[Math.Max(1, o.Active)];
        for (var i = 0; i < _orders.Length; i++) _orders[i] = NewOrder(random);
        _productKeys = new byte[Math.Max(1, o.Products)][];
        _userKeys = new byte[Math.Max(1, o.Users)][];
        var product = FormatProduct(new byte[768], "sample-p", "prod_1", "view", "user_1", 3, 1999, _start, _start);
        var order = FormatOrder(new byte[768], "sample-o", "order_1", "user_1", "created", 4250, _start, _start);
        foreach (var (kind, sample) in new[] { ((IEventKind)EventKinds.Product, product), (EventKinds.Order, order) })
        {
            var parsed = kind.Deserialize(sample);
            if (!parsed.TryGetValue(out _)) throw new InvalidOperationException($"generated {kind.Topic} record is invalid: " + string.Join("; ", parsed.Errors));
        }
        RecordBytes = ((product.Length + order.Length) / 2) + 16 + 80;
    }

    public int RecordBytes { get; }

    /// <summary>The event time of the latest record: probes use it so that they are on time, not late.</summary>
    public DateTimeOffset Latest => new(Interlocked.Read(ref _latestTicks), TimeSpan.Zero);

    public (string Topic, byte[] Key, byte[] Value) Next(Random random, long seq)
    {
        var time = _start.AddMilliseconds(seq * _o.SimMsPerEvent);
        var now = DateTimeOffset.UtcNow;
        Interlocked.Exchange(ref _latestTicks, time.UtcTicks);
        if (random.NextDouble() < _o.ProductShare)
        {
            // Squaring a uniform number makes low product numbers (the "popular" ones) more likely.
            var r = random.NextDouble();
            var p = (int)(r * r * _productKeys.Length);
            var productId = "prod_" + p.ToString(CultureInfo.InvariantCulture);
            var key = _productKeys[p] ??= Encoding.UTF8.GetBytes(productId);
            var user = "user_" + random.Next(_userKeys.Length).ToString(CultureInfo.InvariantCulture);
            var value = FormatProduct(_buffer, $"{_runId}-{seq}", productId, Actions[random.Next(Actions.Length)], user, p % 20, 199 + (p % 500 * 100),
                time.AddMilliseconds(-random.Next(2000)), now);
            return (TopicNames.ProductAnalytics, key, value);
        }
        var slot = random.Next(_orders.Length);
        var (order, userNo, stage, cents) = _orders[slot];
        var userId = "user_" + userNo.ToString(CultureInfo.InvariantCulture);
        var orderValue = FormatOrder(_buffer, $"{_runId}-{seq}", $"order_{_runId}_{order}", userId, Statuses[stage], cents, time, now);
        _orders[slot] = stage + 1 < Statuses.Length ? (order, userNo, stage + 1, cents) : NewOrder(random);
        return (TopicNames.OrderEvents, _userKeys[userNo] ??= Encoding.UTF8.GetBytes(userId), orderValue);
    }

    private (long, int, int, int) NewOrder(Random random) => (_nextOrder++, random.Next(Math.Max(1, _o.Users)), 0, random.Next(2_000, 40_000));

    public static byte[] FormatProduct(byte[] buffer, string eventId, string productId, string action, string userId, int category, int cents, DateTimeOffset time, DateTimeOffset ingested)
    {
        if (!Utf8.TryWrite(buffer, CultureInfo.InvariantCulture,
                $"{{\"event_id\":\"{eventId}\",\"product_id\":\"{productId}\",\"action\":\"{action}\",\"user_id\":\"{userId}\",\"quantity\":1,\"properties\":{{\"category\":\"category_{category}\",\"price\":{cents / 100m}}},\"timestamp\":\"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\",\"ingested_at\":\"{ingested.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\"}}",
                out var written))
            throw new InvalidOperationException("event buffer too small");
        return buffer.AsSpan(0, written).ToArray();
    }

    public static byte[] FormatOrder(byte[] buffer, string eventId, string orderId, string userId, string status, int cents, DateTimeOffset time, DateTimeOffset ingested)
    {
        if (!Utf8.TryWrite(buffer, CultureInfo.InvariantCulture,
                $"{{\"event_id\":\"{eventId}\",\"order_id\":\"{orderId}\",\"user_id\":\"{userId}\",\"status\":\"{status}\",\"total_amount\":{cents / 100m},\"currency\":\"USD\",\"items\":[{{\"product_id\":\"prod_{cents % 997}\",\"quantity\":1,\"price\":{cents / 100m}}}],\"payment_method\":\"credit_card\",\"timestamp\":\"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\",\"ingested_at\":\"{ingested.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\"}}",
                out var written))
            throw new InvalidOperationException("event buffer too small");
        return buffer.AsSpan(0, written).ToArray();
    }
}
