using Streaming.Analytics.Anomalies;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Tests.Anomalies;

/// <summary>The SPEC §3.3 per-user rule edges, with the default options.</summary>
public sealed class UserAnomalyLogicTests
{
    private const string User = "u1";
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly AnomalyOptions Options = AnomalyOptions.Default;
    private static readonly DateTimeOffset NoWatermark = DateTimeOffset.MinValue;
    private static int _ids;

    private static DateTimeOffset At(double seconds) => T0.AddMilliseconds(Math.Round(seconds * 1000));

    internal static OrderActivity Ev(double seconds, OrderStatus status, string order, decimal amount = 100m, decimal? items = null, string? id = null, string user = User) =>
        new(id ?? $"e{Interlocked.Increment(ref _ids):D6}", order, user, At(seconds), status, amount, items);

    private static (UserAnomalyState State, List<AnomalyAlert> Outputs) Run(params OrderActivity[] events) => Run(UserAnomalyState.Empty(User), events);

    private static (UserAnomalyState State, List<AnomalyAlert> Outputs) Run(UserAnomalyState state, params OrderActivity[] events)
    {
        var alerts = new List<AnomalyAlert>();
        foreach (var e in events)
        {
            var r = UserAnomalyLogic.Apply(state, e, NoWatermark, Now, Options);
            Assert.False(r.IsLate);
            alerts.AddRange(r.Outputs);
            state = r.State;
        }

        var flushed = UserAnomalyLogic.Advance(state, DateTimeOffset.MaxValue, Now, Options);
        alerts.AddRange(flushed.Outputs);
        return (flushed.State, alerts);
    }

    private static List<AnomalyAlert> Of(List<AnomalyAlert> alerts, AnomalyRule rule) => [.. alerts.Where(a => a.Rule == rule)];

    [Fact]
    public void DefaultsAreTheSpecs()
    {
        Assert.Equal(1_000_000m, Options.HighValueThreshold);
        Assert.Equal(5_000_000m, Options.CriticalValueThreshold);
        Assert.Equal(TimeSpan.FromMinutes(10), Options.FrequencyWindow);
        Assert.Equal(5, Options.FrequencyCount);
        Assert.Equal(5m, Options.SpikeFactor);
        Assert.Equal(3, Options.SpikeMinHistory);
        Assert.Equal(3, Options.CardTestingFailures);
        Assert.Equal(TimeSpan.FromMinutes(15), Options.CardTestingWindow);
        Assert.Equal(0.01m, Options.MismatchTolerance);
        Assert.Equal(TimeSpan.FromMinutes(30), Options.StallTimeout);
    }

    [Theory]
    [InlineData("999999.99", null)]
    [InlineData("1000000", AlertSeverity.High)]
    [InlineData("4999999.99", AlertSeverity.High)]
    [InlineData("5000000", AlertSeverity.Critical)]
    [InlineData("7000000", AlertSeverity.Critical)]
    public void HighValueAtTheThresholds(string amount, AlertSeverity? severity)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        var r = UserAnomalyLogic.Apply(UserAnomalyState.Empty(User), Ev(0, OrderStatus.Created, "o1", value, id: "hv"), NoWatermark, Now, Options);
        if (severity is null)
        {
            Assert.Empty(r.Outputs);
            return;
        }

        var alert = Assert.Single(r.Outputs); // fires on arrival, not buffered
        Assert.Equal(AnomalyRule.HighValue, alert.Rule);
        Assert.Equal(severity, alert.Severity);
        Assert.Equal("o1", alert.OrderId);
        Assert.Equal(value, alert.Amount);
        Assert.Equal(At(0), alert.EventTime);
        Assert.Equal(Now, alert.DetectedAt);
        Assert.Equal(["hv"], alert.Evidence.Events.Select(e => e.EventId));
        Assert.Equal(AlertFactory.AlertId(AnomalyRule.HighValue, User, ["hv"]), alert.AlertId);
    }

    [Fact]
    public void HighValueIsOncePerOrderAndOnlyForTheOrdersFirstEvent()
    {
        var (_, alerts) = Run(
            Ev(0, OrderStatus.Created, "o1", 2_000_000m),
            Ev(1, OrderStatus.Paid, "o1", 2_000_000m),
            Ev(2, OrderStatus.Created, "o2", 10m),
            Ev(3, OrderStatus.Paid, "o2", 9_000_000m));
        var alert = Assert.Single(Of(alerts, AnomalyRule.HighValue));
        Assert.Equal("o1", alert.OrderId);
    }

    [Fact]
    public void HighValueStillFiresForALateEventWhichOtherwiseChangesNothing()
    {
        var state = Run(Ev(100, OrderStatus.Created, "o0")).State;
        var late = UserAnomalyLogic.Apply(state, Ev(0, OrderStatus.Created, "o1", 1_000_000m, items: 1m), At(50), Now, Options);
        Assert.True(late.IsLate);
        Assert.Contains("before the watermark 2024-01-01T10:00:50.000Z", late.LateReason, StringComparison.Ordinal);
        Assert.Equal(AnomalyRule.HighValue, Assert.Single(late.Outputs).Rule); // no TOTAL_MISMATCH for a late event
        Assert.Equal(state.Buffer, late.State.Buffer);
        Assert.Equal(state.CreatedCount, late.State.CreatedCount);

        // Still once per order.
        var again = UserAnomalyLogic.Apply(late.State, Ev(60, OrderStatus.Paid, "o1", 1_000_000m), At(50), Now, Options);
        Assert.Empty(again.Outputs);
    }

    [Fact]
    public void ALateFirstEventBelowTheThresholdMakesTheOrderSeen()
    {
        var late = UserAnomalyLogic.Apply(UserAnomalyState.Empty(User), Ev(0, OrderStatus.Created, "o1", 10m), At(50), Now, Options);
        Assert.True(late.IsLate);
        var next = UserAnomalyLogic.Apply(late.State, Ev(60, OrderStatus.Paid, "o1", 2_000_000m), At(50), Now, Options);
        Assert.Empty(next.Outputs);
    }

    [Fact]
    public void AnEventAtTheWatermarkIsNotLate()
    {
        var r = UserAnomalyLogic.Apply(UserAnomalyState.Empty(User), Ev(50, OrderStatus.Created, "o1"), At(50), Now, Options);
        Assert.False(r.IsLate);
        Assert.Null(r.LateReason);
        Assert.Single(r.State.Buffer);
        Assert.Equal(At(50.001), UserAnomalyLogic.NextTimerTime(r.State, Options));
    }

    [Theory]
    [InlineData("1000", "990", false)] // exactly 1 %
    [InlineData("1000", "1010", false)]
    [InlineData("1000", "989.99", true)]
    [InlineData("1000", "1010.01", true)]
    [InlineData("0", "0", false)]
    [InlineData("0", "0.01", true)]
    public void TotalMismatchAtTheTolerance(string total, string items, bool fires)
    {
        var t = decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture);
        var i = decimal.Parse(items, System.Globalization.CultureInfo.InvariantCulture);
        var r = UserAnomalyLogic.Apply(UserAnomalyState.Empty(User), Ev(0, OrderStatus.Created, "o1", t, i), NoWatermark, Now, Options);
        Assert.Equal(fires, r.Outputs.Any(a => a.Rule == AnomalyRule.TotalMismatch));
        if (fires)
        {
            var alert = Assert.Single(r.Outputs);
            Assert.Equal(AlertSeverity.Low, alert.Severity);
            Assert.Equal(i, alert.Evidence.Values["items_total"]);
            Assert.Equal(Math.Abs(t - i), alert.Evidence.Values["difference"]);
        }
    }

    [Fact]
    public void TotalMismatchNeedsItemsAndIsOncePerOrder()
    {
        var (_, alerts) = Run(
            Ev(0, OrderStatus.Created, "o1", 100m),
            Ev(1, OrderStatus.Paid, "o1", 100m, 50m),
            Ev(2, OrderStatus.Shipped, "o1", 100m, 50m));
        Assert.Equal(["o1"], Of(alerts, AnomalyRule.TotalMismatch).Select(a => a.OrderId));
        Assert.Equal(At(1), Of(alerts, AnomalyRule.TotalMismatch)[0].EventTime);
    }

    [Fact]
    public void FromOrderEventSumsTheItemsAndTreatsAnEmptyListAsNone()
    {
        var e = new OrderEvent
        {
            EventId = "e",
            OrderId = "o",
            UserId = "u",
            Status = OrderStatus.Created,
            TotalAmount = 30m,
            Items = [new OrderItem { ProductId = "a", Quantity = 2, Price = 10m }, new OrderItem { ProductId = "b", Quantity = 1, Price = 9.5m }],
            Timestamp = T0,
            IngestedAt = T0,
        };
        Assert.Equal(29.5m, OrderActivity.From(e).ItemsTotal);
        Assert.Null(OrderActivity.From(e with { Items = [] }).ItemsTotal);
        Assert.Null(OrderActivity.From(e with { Items = null }).ItemsTotal);
    }

    [Fact]
    public void HighFrequencyFiresWhenTheFifthDistinctOrderIsCreatedWithinTenMinutes()
    {
        var (_, alerts) = Run([.. Enumerable.Range(0, 5).Select(i => Ev(i * 149.999, OrderStatus.Created, $"o{i}", id: $"c{i}"))]);
        var alert = Assert.Single(Of(alerts, AnomalyRule.HighFrequency));
        Assert.Equal(AlertSeverity.High, alert.Severity);
        Assert.Equal("o4", alert.OrderId);
        Assert.Equal(["c0", "c1", "c2", "c3", "c4"], alert.Evidence.Events.Select(e => e.EventId));
        Assert.Equal(5m, alert.Evidence.Values["count"]);
    }

    [Fact]
    public void HighFrequencyWindowExcludesAnOrderExactlyTenMinutesEarlier()
    {
        var (_, alerts) = Run([.. Enumerable.Range(0, 5).Select(i => Ev(i * 150, OrderStatus.Created, $"o{i}"))]);
        Assert.Empty(Of(alerts, AnomalyRule.HighFrequency));
    }

    [Fact]
    public void HighFrequencyCountsDistinctOrders()
    {
        var (_, alerts) = Run(
            Ev(0, OrderStatus.Created, "o1"),
            Ev(1, OrderStatus.Created, "o1"),
            Ev(2, OrderStatus.Created, "o2"),
            Ev(3, OrderStatus.Created, "o3"),
            Ev(4, OrderStatus.Created, "o4"),
            Ev(5, OrderStatus.Paid, "o5"));
        Assert.Empty(Of(alerts, AnomalyRule.HighFrequency));
    }

    [Fact]
    public void HighFrequencyIsSuppressedForTenMinutesAfterAnAlert()
    {
        // Orders every 60 s: the 5th (t = 240) fires; t = 300 … 780 are within 10 min of it; t = 840 is exactly 10 min later.
        var events = Enumerable.Range(0, 16).Select(i => Ev(i * 60, OrderStatus.Created, $"o{i}")).ToArray();
        var (_, alerts) = Run(events);
        Assert.Equal([At(240), At(840)], Of(alerts, AnomalyRule.HighFrequency).Select(a => a.EventTime));
    }

    [Fact]
    public void OrderedRulesWaitForTheWatermarkAndSeeEventsInEventTimeOrder()
    {
        // Delivered out of order within the bound: created at 4, 3, 2, 1, then 0 (watermark trails by 5 s).
        var state = UserAnomalyState.Empty(User);
        var delivered = new[] { 4, 3, 2, 1, 0 }.Select(s => Ev(s, OrderStatus.Created, $"o{s}", id: $"c{s}")).ToList();
        foreach (var e in delivered)
        {
            var r = UserAnomalyLogic.Apply(state, e, At(-1), Now, Options);
            Assert.False(r.IsLate);
            Assert.Empty(r.Outputs);
            state = r.State;
        }

        Assert.Empty(UserAnomalyLogic.Advance(state, At(4), Now, Options).Outputs); // t = 4 not yet passed
        var released = UserAnomalyLogic.Advance(state, At(4.001), Now, Options);
        var alert = Assert.Single(released.Outputs);
        Assert.Equal("o4", alert.OrderId);
        Assert.Equal(["c0", "c1", "c2", "c3", "c4"], alert.Evidence.Events.Select(e => e.EventId));
        Assert.Empty(released.State.Buffer);
    }

    [Fact]
    public void EventsAtTheSameTimeAreOrderedByEventId()
    {
        var (_, alerts) = Run(
            Ev(0, OrderStatus.Created, "a", id: "e1"),
            Ev(1, OrderStatus.Created, "b", id: "e2"),
            Ev(2, OrderStatus.Created, "c", id: "e3"),
            Ev(3, OrderStatus.Created, "d", id: "e5"),
            Ev(3, OrderStatus.Created, "e", id: "e4"));
        Assert.Equal("d", Assert.Single(Of(alerts, AnomalyRule.HighFrequency)).OrderId);
    }

    [Fact]
    public void AmountSpikeNeedsMoreThanFiveTimesTheMeanOfAtLeastThreeEarlierOrders()
    {
        Assert.Empty(Of(Run(Ev(0, OrderStatus.Created, "a"), Ev(1, OrderStatus.Created, "b"), Ev(2, OrderStatus.Created, "c", 10_000m)).Outputs, AnomalyRule.AmountSpike));
        Assert.Empty(Of(Run(Ev(0, OrderStatus.Created, "a"), Ev(1, OrderStatus.Created, "b"), Ev(2, OrderStatus.Created, "c"), Ev(3, OrderStatus.Created, "d", 500m)).Outputs, AnomalyRule.AmountSpike));
        var alerts = Of(Run(Ev(0, OrderStatus.Created, "a", 50m), Ev(1, OrderStatus.Created, "b", 150m), Ev(2, OrderStatus.Created, "c", 100m), Ev(3, OrderStatus.Created, "d", 500.01m)).Outputs, AnomalyRule.AmountSpike);
        var alert = Assert.Single(alerts);
        Assert.Equal(AlertSeverity.Medium, alert.Severity);
        Assert.Equal("d", alert.OrderId);
        Assert.Equal(100m, alert.Evidence.Values["mean"]);
        Assert.Equal(3m, alert.Evidence.Values["history_count"]);
    }

    [Fact]
    public void AmountSpikeUsesAllEarlierOrdersInEventTimeOrderAndIgnoresOtherStatuses()
    {
        // In event-time order the big order is the 4th; the mean of the three before it is 100.
        var (_, alerts) = Run(
            Ev(3, OrderStatus.Created, "big", 600m),
            Ev(0, OrderStatus.Created, "a"),
            Ev(1, OrderStatus.Created, "b"),
            Ev(2, OrderStatus.Paid, "x", 1m),
            Ev(2.5, OrderStatus.Created, "c"),
            Ev(4, OrderStatus.Created, "after", 700m)); // mean of 4 earlier = 225; 700 < 1125
        Assert.Equal(["big"], Of(alerts, AnomalyRule.AmountSpike).Select(a => a.OrderId));
    }

    [Fact]
    public void CardTestingNeedsThreeFailuresBeforeThePaid()
    {
        var two = Run(Ev(0, OrderStatus.PaymentFailed, "o1"), Ev(10, OrderStatus.PaymentFailed, "o1"), Ev(20, OrderStatus.Paid, "o1")).Outputs;
        Assert.Empty(Of(two, AnomalyRule.CardTesting));

        var three = Run(
            Ev(0, OrderStatus.PaymentFailed, "o1", id: "f1"),
            Ev(10, OrderStatus.PaymentFailed, "o2", id: "f2"),
            Ev(20, OrderStatus.PaymentFailed, "o1", id: "f3"),
            Ev(30, OrderStatus.Paid, "o1", id: "p")).Outputs;
        var alert = Assert.Single(Of(three, AnomalyRule.CardTesting));
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Equal(["f1", "f2", "f3", "p"], alert.Evidence.Events.Select(e => e.EventId));
        Assert.Equal(AlertFactory.AlertId(AnomalyRule.CardTesting, User, ["f1", "f2", "f3", "p"]), alert.AlertId);
        Assert.Equal(At(30), alert.EventTime);
    }

    [Fact]
    public void CardTestingWindowIsFifteenMinutesFromTheFirstFailureInclusive()
    {
        var atLimit = Run(Ev(0, OrderStatus.PaymentFailed, "o"), Ev(1, OrderStatus.PaymentFailed, "o"), Ev(2, OrderStatus.PaymentFailed, "o"), Ev(900, OrderStatus.Paid, "o")).Outputs;
        Assert.Single(Of(atLimit, AnomalyRule.CardTesting));

        var outside = Run(Ev(0, OrderStatus.PaymentFailed, "o"), Ev(1, OrderStatus.PaymentFailed, "o"), Ev(2, OrderStatus.PaymentFailed, "o"), Ev(900.001, OrderStatus.Paid, "o")).Outputs;
        Assert.Empty(Of(outside, AnomalyRule.CardTesting));
    }

    [Fact]
    public void ThePaidEventOfTheSameTimeOrderedBeforeTheFailureDoesNotSeeIt()
    {
        var (_, alerts) = Run(
            Ev(0, OrderStatus.PaymentFailed, "o", id: "a"),
            Ev(1, OrderStatus.PaymentFailed, "o", id: "b"),
            Ev(2, OrderStatus.PaymentFailed, "o", id: "d"),
            Ev(2, OrderStatus.Paid, "o", id: "c"));
        Assert.Empty(Of(alerts, AnomalyRule.CardTesting));
    }

    [Fact]
    public void CardTestingConsumesTheFailures()
    {
        var (state, alerts) = Run(
            Ev(0, OrderStatus.PaymentFailed, "o"),
            Ev(1, OrderStatus.PaymentFailed, "o"),
            Ev(2, OrderStatus.PaymentFailed, "o"),
            Ev(3, OrderStatus.PaymentFailed, "o"),
            Ev(4, OrderStatus.Paid, "o"),
            Ev(5, OrderStatus.Paid, "o"),
            Ev(6, OrderStatus.PaymentFailed, "o"),
            Ev(7, OrderStatus.Paid, "o"));
        var alert = Assert.Single(Of(alerts, AnomalyRule.CardTesting));
        Assert.Equal(5, alert.Evidence.Events.Length);
        Assert.Single(state.PendingFailures);
    }

    [Fact]
    public void AFailureOutsideTheWindowDoesNotCountButTheRestMayStillMatch()
    {
        var (_, alerts) = Run(
            Ev(0, OrderStatus.PaymentFailed, "o", id: "old"),
            Ev(600, OrderStatus.PaymentFailed, "o", id: "f1"),
            Ev(700, OrderStatus.PaymentFailed, "o", id: "f2"),
            Ev(901, OrderStatus.Paid, "o", id: "p1"),
            Ev(902, OrderStatus.PaymentFailed, "o", id: "f3"),
            Ev(903, OrderStatus.Paid, "o", id: "p2"));
        var alert = Assert.Single(Of(alerts, AnomalyRule.CardTesting));
        Assert.Equal(["f1", "f2", "f3", "p2"], alert.Evidence.Events.Select(e => e.EventId));
    }

    [Fact]
    public void ARedeliveredEventChangesNothing()
    {
        var e = Ev(0, OrderStatus.Created, "o", 2_000_000m, items: 1m);
        var first = UserAnomalyLogic.Apply(UserAnomalyState.Empty(User), e, NoWatermark, Now, Options);
        Assert.Equal(2, first.Outputs.Length);
        var again = UserAnomalyLogic.Apply(first.State, e, NoWatermark, Now, Options);
        Assert.Empty(again.Outputs);
        Assert.Equal(first.State, again.State);
    }

    [Fact]
    public void OrderMemoryIsForgottenAfterTheRetention()
    {
        var state = UserAnomalyLogic.Apply(UserAnomalyState.Empty(User), Ev(0, OrderStatus.Created, "o", 2_000_000m), NoWatermark, Now, Options).State;
        state = UserAnomalyLogic.Advance(state, At(1), Now, Options).State;
        Assert.Single(state.Orders);
        Assert.Equal(At(0) + Options.OrderRetention, UserAnomalyLogic.NextTimerTime(state, Options));
        Assert.Single(UserAnomalyLogic.Advance(state, At(0) + Options.OrderRetention - TimeSpan.FromMilliseconds(1), Now, Options).State.Orders);
        var forgotten = UserAnomalyLogic.Advance(state, At(0) + Options.OrderRetention, Now, Options).State;
        Assert.Empty(forgotten.Orders);
        Assert.Null(UserAnomalyLogic.NextTimerTime(forgotten, Options));
    }

    [Fact]
    public void ApplyAdvancesFirstSoTheOutcomeDoesNotDependOnWhetherAdvanceRan()
    {
        var state = Run(UserAnomalyState.Empty(User)).State;
        foreach (var s in new[] { 0, 1, 2, 3 })
        {
            state = UserAnomalyLogic.Apply(state, Ev(s, OrderStatus.Created, $"o{s}", id: $"k{s}"), NoWatermark, Now, Options).State;
        }

        var fifth = Ev(10, OrderStatus.Created, "o10", id: "k10");
        var direct = UserAnomalyLogic.Apply(state, fifth, At(20), Now, Options);
        var advanced = UserAnomalyLogic.Advance(state, At(20), Now, Options);
        var after = UserAnomalyLogic.Apply(advanced.State, fifth, At(20), Now, Options);
        Assert.Equal(direct.State, after.State);
        Assert.Equal(direct.Outputs.AsEnumerable(), advanced.Outputs.AddRange(after.Outputs).AsEnumerable());
    }

    [Fact]
    public void EventsOfAnotherUserAreRejected()
    {
        Assert.Throws<ArgumentException>(() => UserAnomalyLogic.Apply(UserAnomalyState.Empty(User), Ev(0, OrderStatus.Created, "o", user: "other"), NoWatermark, Now, Options));
    }

    [Fact]
    public void AlertIdsAreDeterministicAndDistinguishRulesUsersAndEvents()
    {
        var id = AlertFactory.AlertId(AnomalyRule.HighValue, "u", ["a", "b"]);
        Assert.Equal(32, id.Length);
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, AlertFactory.AlertId(AnomalyRule.HighValue, "u", ["a", "b"]));
        Assert.NotEqual(id, AlertFactory.AlertId(AnomalyRule.TotalMismatch, "u", ["a", "b"]));
        Assert.NotEqual(id, AlertFactory.AlertId(AnomalyRule.HighValue, "v", ["a", "b"]));
        Assert.NotEqual(id, AlertFactory.AlertId(AnomalyRule.HighValue, "u", ["b", "a"]));
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("HIGH_VALUE|u|a,b"u8))[..32],
            id);
    }
}
