using FsCheck;
using FsCheck.Fluent;
using Streaming.Analytics.Anomalies;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Tests.Anomalies;

/// <summary>
/// Generators of order event streams for the anomaly properties: scaled-down options (frequency 3 in 10 s, card testing
/// 3 in 15 s, stall 30 s, high value 1,000 / 5,000, spike history 2), B = 3 s, millisecond times.
/// </summary>
internal static class OrderScenarios
{
    public const int BoundMs = 3_000;
    public static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(BoundMs);
    public static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset DetectedAt = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly AnomalyOptions Options = new()
    {
        HighValueThreshold = 1_000m,
        CriticalValueThreshold = 5_000m,
        FrequencyWindow = TimeSpan.FromSeconds(10),
        FrequencyCount = 3,
        SpikeFactor = 5m,
        SpikeMinHistory = 2,
        CardTestingFailures = 3,
        CardTestingWindow = TimeSpan.FromSeconds(15),
        MismatchTolerance = 0.01m,
        StallTimeout = TimeSpan.FromSeconds(30),
    };

    private static readonly Gen<OrderStatus> Status = Gen.Frequency(
        (4, Gen.Constant(OrderStatus.Created)),
        (3, Gen.Constant(OrderStatus.PaymentFailed)),
        (3, Gen.Constant(OrderStatus.Paid)),
        (1, Gen.Constant(OrderStatus.Shipped)),
        (1, Gen.Constant(OrderStatus.Delivered)),
        (1, Gen.Constant(OrderStatus.Cancelled)),
        (1, Gen.Constant(OrderStatus.Refunded)));

    /// <summary>Biased to card testing: mostly payment failures and payments.</summary>
    private static readonly Gen<OrderStatus> CardTestingStatus = Gen.Frequency(
        (1, Gen.Constant(OrderStatus.Created)),
        (6, Gen.Constant(OrderStatus.PaymentFailed)),
        (3, Gen.Constant(OrderStatus.Paid)));

    /// <summary>Biased to many created orders.</summary>
    private static readonly Gen<OrderStatus> CreatingStatus = Gen.Frequency(
        (6, Gen.Constant(OrderStatus.Created)),
        (1, Gen.Constant(OrderStatus.Paid)),
        (1, Gen.Constant(OrderStatus.Cancelled)));

    private static readonly decimal[] Amounts = [0m, 10m, 100m, 200m, 600m, 999.99m, 1_000m, 4_999m, 5_000m];

    /// <summary>How the items relate to the total: none, equal, −1 % (at the limit), −2 %, +1.01 %.</summary>
    private static readonly Gen<Func<decimal, decimal?>> Items = Gen.Elements<Func<decimal, decimal?>>(
        _ => null, _ => null, t => t, t => t * 0.99m, t => t * 0.98m, t => t * 1.0101m);

    /// <summary>Steps between consecutive event times, biased to the rule boundaries.</summary>
    private static readonly Gen<int> Step = Gen.Frequency(
        (3, Gen.Elements(0, 1, BoundMs, 9_999, 10_000, 10_001, 15_000, 15_001, 30_000)),
        (6, Gen.Choose(0, 5_000)),
        (1, Gen.Choose(0, 40_000)));

    private static Gen<List<OrderActivity>> Timeline(string user) =>
        from offset in Gen.Choose(0, 20_000)
        from profile in Gen.Elements(0, 0, 1, 2)
        from steps in Gen.ListOf(Step)
        from details in Gen.ListOf(
            from order in Gen.Choose(0, profile == 2 ? 9 : 4)
            from status in profile switch { 1 => CardTestingStatus, 2 => CreatingStatus, _ => Status }
            from amount in Gen.Elements(Amounts)
            from items in Items
            select (order, status, amount, items),
            steps.Count)
        select Build(user, offset, steps, details);

    private static List<OrderActivity> Build(string user, int offset, List<int> steps, List<(int Order, OrderStatus Status, decimal Amount, Func<decimal, decimal?> Items)> details)
    {
        var events = new List<OrderActivity>(steps.Count);
        long ms = offset;
        for (var i = 0; i < steps.Count; i++)
        {
            ms += steps[i];
            var d = details[i];
            events.Add(new OrderActivity($"{user}-{(i * 7) % 10}-{i}", $"{user}-o{d.Order}", user, T0.AddMilliseconds(ms), d.Status, d.Amount, d.Items(d.Amount)));
        }

        return events;
    }

    /// <summary>All events of one or two users, in event-time order per user.</summary>
    public static readonly Gen<List<OrderActivity>> Events =
        from count in Gen.Choose(1, 2)
        from timelines in Gen.CollectToList(Enumerable.Range(0, count).Select(i => Timeline("u" + i)))
        select timelines.SelectMany(t => t).ToList();

    /// <summary>Events delivered at most B out of order.</summary>
    public static readonly Gen<List<OrderActivity>> BoundedDisorder = Disorder.Bounded(Events, e => e.Time, BoundMs);

    /// <summary>Events in arbitrary order, mostly near order with some far-flung ones.</summary>
    public static readonly Gen<List<OrderActivity>> ArbitraryDisorder = Disorder.Arbitrary(Events, e => e.Time, BoundMs, 40_000);
}
