using Streaming.Analytics.Anomalies;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Tests.Anomalies;

/// <summary>The SPEC §3.3 per-order rule edges (INVALID_TRANSITION, ORDER_STALLED), with the default options.</summary>
public sealed class OrderLifecycleLogicTests
{
    private const string Order = "o1";
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly AnomalyOptions Options = AnomalyOptions.Default;
    private static readonly DateTimeOffset NoWatermark = DateTimeOffset.MinValue;
    private static int _ids;

    private static DateTimeOffset At(double seconds) => T0.AddMilliseconds(Math.Round(seconds * 1000));

    private static OrderActivity Ev(double seconds, OrderStatus status, string? id = null) =>
        new(id ?? $"l{Interlocked.Increment(ref _ids):D6}", Order, "u1", At(seconds), status, 100m, null);

    private static OrderLifecycleState Given(params OrderActivity[] events)
    {
        var state = OrderLifecycleState.Empty(Order);
        foreach (var e in events)
        {
            var r = OrderLifecycleLogic.Apply(state, e, NoWatermark, Now, Options);
            Assert.False(r.IsLate);
            Assert.Empty(r.Outputs);
            state = r.State;
        }

        return state;
    }

    private static List<AnomalyAlert> Flush(OrderLifecycleState state) => [.. OrderLifecycleLogic.Advance(state, DateTimeOffset.MaxValue, Now, Options).Outputs];

    private static List<AnomalyAlert> Transitions(params OrderStatus[] statuses) =>
        [.. Flush(Given([.. statuses.Select((s, i) => Ev(i, s))])).Where(a => a.Rule == AnomalyRule.InvalidTransition)];

    [Theory]
    [InlineData(true, OrderStatus.Created, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Delivered)]
    [InlineData(true, OrderStatus.Created, OrderStatus.Cancelled)]
    [InlineData(true, OrderStatus.Created, OrderStatus.Paid, OrderStatus.Refunded)]
    [InlineData(true, OrderStatus.Delivered)]
    [InlineData(false, OrderStatus.Created)]
    [InlineData(false, OrderStatus.Created, OrderStatus.Paid)]
    [InlineData(false, OrderStatus.Created, OrderStatus.Paid, OrderStatus.Shipped)]
    [InlineData(false, OrderStatus.Created, OrderStatus.PaymentFailed)]
    public void AnOrderIsSettledOnceItsStatusIsDoneAndNothingIsPending(bool settled, params OrderStatus[] statuses)
    {
        var buffered = Given([.. statuses.Select((st, i) => Ev(i, st))]);
        Assert.False(OrderLifecycleLogic.IsSettled(buffered, Options));
        var released = OrderLifecycleLogic.Advance(buffered, At(statuses.Length), Now, Options).State;
        Assert.Equal(settled, OrderLifecycleLogic.IsSettled(released, Options));
    }

    [Fact]
    public void AnOrderWhoseStallTimerIsPendingIsNotSettled()
    {
        // Delivered without a paid event: the stall timer of the created event is still running.
        var state = OrderLifecycleLogic.Advance(Given(Ev(0, OrderStatus.Created), Ev(1, OrderStatus.Delivered)), At(2), Now, Options).State;
        Assert.NotNull(state.StallDeadline(Options));
        Assert.False(OrderLifecycleLogic.IsSettled(state, Options));
    }

    [Fact]
    public void TheHappyPathsRaiseNothing()
    {
        Assert.Empty(Transitions(OrderStatus.Created, OrderStatus.PaymentFailed, OrderStatus.PaymentFailed, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Refunded));
        Assert.Empty(Transitions(OrderStatus.Created, OrderStatus.Cancelled));
        Assert.Empty(Transitions(OrderStatus.Created, OrderStatus.PaymentFailed, OrderStatus.Cancelled));
        Assert.Empty(Transitions(OrderStatus.Created, OrderStatus.Paid, OrderStatus.Cancelled));
        Assert.Empty(Transitions(OrderStatus.Created, OrderStatus.Paid, OrderStatus.Refunded));
        Assert.Empty(Transitions(OrderStatus.Created, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Refunded));
    }

    [Theory]
    [InlineData(OrderStatus.Created, OrderStatus.Shipped)]
    [InlineData(OrderStatus.Created, OrderStatus.Delivered)]
    [InlineData(OrderStatus.Created, OrderStatus.Refunded)]
    [InlineData(OrderStatus.PaymentFailed, OrderStatus.Created)]
    [InlineData(OrderStatus.PaymentFailed, OrderStatus.Shipped)]
    [InlineData(OrderStatus.Paid, OrderStatus.Created)]
    [InlineData(OrderStatus.Paid, OrderStatus.PaymentFailed)]
    [InlineData(OrderStatus.Paid, OrderStatus.Delivered)]
    [InlineData(OrderStatus.Shipped, OrderStatus.Paid)]
    [InlineData(OrderStatus.Shipped, OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Delivered, OrderStatus.Shipped)]
    [InlineData(OrderStatus.Delivered, OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Cancelled, OrderStatus.Paid)]
    [InlineData(OrderStatus.Cancelled, OrderStatus.Refunded)]
    [InlineData(OrderStatus.Refunded, OrderStatus.Delivered)]
    [InlineData(OrderStatus.Refunded, OrderStatus.Cancelled)]
    public void MovesAgainstTheLifecycleFire(OrderStatus from, OrderStatus to)
    {
        Assert.False(OrderLifecycleLogic.IsAllowed(from, to));
        var state = Given(Ev(0, from, "first"), Ev(1, to, "second"));
        var alert = Assert.Single(Flush(state), a => a.Rule == AnomalyRule.InvalidTransition);
        Assert.Equal(AlertSeverity.Medium, alert.Severity);
        Assert.Equal(["first", "second"], alert.Evidence.Events.Select(e => e.EventId));
        Assert.Equal([from, to], alert.Evidence.Events.Select(e => e.Status));
        Assert.Equal(At(1), alert.EventTime);
        Assert.Equal(Order, alert.OrderId);
        Assert.Equal("u1", alert.UserId);
    }

    [Fact]
    public void EveryAllowedPairIsInTheSpec()
    {
        var allowed = Enum.GetValues<OrderStatus>().SelectMany(f => Enum.GetValues<OrderStatus>().Where(t => t != f && OrderLifecycleLogic.IsAllowed(f, t)).Select(t => $"{f}>{t}")).Order(StringComparer.Ordinal);
        Assert.Equal(
            new[]
            {
                "Created>Cancelled", "Created>Paid", "Created>PaymentFailed", "Delivered>Refunded", "Paid>Cancelled", "Paid>Refunded", "Paid>Shipped",
                "PaymentFailed>Cancelled", "PaymentFailed>Paid", "Shipped>Delivered", "Shipped>Refunded",
            }.Order(StringComparer.Ordinal),
            allowed);
    }

    [Fact]
    public void AnOrderFirstSeenInALaterStatusHasPassedTheEarlierOnes()
    {
        Assert.Empty(Transitions(OrderStatus.Shipped, OrderStatus.Delivered));
        Assert.Empty(Transitions(OrderStatus.Delivered, OrderStatus.Refunded));
        Assert.Empty(Transitions(OrderStatus.Refunded));
        Assert.Single(Transitions(OrderStatus.Shipped, OrderStatus.Created));
    }

    [Fact]
    public void ARepeatedStatusIsNoTransition()
    {
        Assert.Empty(Transitions(OrderStatus.Created, OrderStatus.Created, OrderStatus.Paid, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Shipped));
        Assert.Empty(Transitions(OrderStatus.Cancelled, OrderStatus.Cancelled));
    }

    [Fact]
    public void AfterAnInvalidMoveTheOrderTakesTheReportedStatus()
    {
        var alerts = Transitions(OrderStatus.Created, OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Paid);
        Assert.Equal([At(1), At(3)], alerts.Select(a => a.EventTime));
    }

    [Fact]
    public void TransitionsAreJudgedInEventTimeOrderNotArrivalOrder()
    {
        var state = OrderLifecycleState.Empty(Order);
        foreach (var e in new[] { Ev(10, OrderStatus.Paid), Ev(5, OrderStatus.Created), Ev(12, OrderStatus.Shipped) })
        {
            var r = OrderLifecycleLogic.Apply(state, e, At(4), Now, Options);
            Assert.False(r.IsLate);
            state = r.State;
        }

        Assert.Empty(Flush(state));
    }

    [Fact]
    public void ALateEventChangesNothing()
    {
        var state = Given(Ev(100, OrderStatus.Created));
        var r = OrderLifecycleLogic.Apply(state, Ev(0, OrderStatus.Shipped), At(50), Now, Options);
        Assert.True(r.IsLate);
        Assert.Contains("before the watermark", r.LateReason, StringComparison.Ordinal);
        Assert.Equal(state, r.State);
        Assert.Empty(r.Outputs);
    }

    [Fact]
    public void AnOrderStallsWhenTheWatermarkReachesCreatedPlusThirtyMinutes()
    {
        var state = Given(Ev(0, OrderStatus.Created, "c"), Ev(60, OrderStatus.PaymentFailed));
        state = OrderLifecycleLogic.Advance(state, At(61), Now, Options).State;
        Assert.Equal(At(1800), OrderLifecycleLogic.NextTimerTime(state, Options));
        var before = OrderLifecycleLogic.Advance(state, At(1799.999), Now, Options);
        Assert.Empty(before.Outputs);

        var at = OrderLifecycleLogic.Advance(before.State, At(1800), Now, Options);
        var alert = Assert.Single(at.Outputs);
        Assert.Equal(AnomalyRule.OrderStalled, alert.Rule);
        Assert.Equal(AlertSeverity.Low, alert.Severity);
        Assert.Equal(At(0), alert.EventTime);
        Assert.Equal(["c"], alert.Evidence.Events.Select(e => e.EventId));
        Assert.Null(OrderLifecycleLogic.NextTimerTime(at.State, Options));
        Assert.Empty(OrderLifecycleLogic.Advance(at.State, At(5000), Now, Options).Outputs);
    }

    [Theory]
    [InlineData(OrderStatus.Paid, 1799.999, false)]
    [InlineData(OrderStatus.Cancelled, 1799.999, false)]
    [InlineData(OrderStatus.Paid, 1800, true)]
    [InlineData(OrderStatus.Shipped, 10, true)]
    [InlineData(OrderStatus.PaymentFailed, 10, true)]
    public void OnlyAPaidOrCancelledEventBeforeTheDeadlinePreventsTheStall(OrderStatus status, double seconds, bool stalls)
    {
        var state = Given(Ev(0, OrderStatus.Created), Ev(seconds, status));
        var alerts = Flush(state).Where(a => a.Rule == AnomalyRule.OrderStalled);
        Assert.Equal(stalls, alerts.Any());
    }

    [Fact]
    public void APaidEventAtTheDeadlineArrivingAfterTheStallFiredIsNotLateButTooLate()
    {
        var state = OrderLifecycleLogic.Advance(Given(Ev(0, OrderStatus.Created)), At(1800), Now, Options);
        Assert.Single(state.Outputs);
        var paid = OrderLifecycleLogic.Apply(state.State, Ev(1800, OrderStatus.Paid), At(1800), Now, Options);
        Assert.False(paid.IsLate);
        Assert.Empty(Flush(paid.State));
    }

    [Fact]
    public void NoStallWithoutACreatedEventOrWhenPaidCameFirst()
    {
        Assert.Empty(Flush(Given(Ev(0, OrderStatus.PaymentFailed))));
        Assert.DoesNotContain(Flush(Given(Ev(0, OrderStatus.Paid), Ev(1, OrderStatus.Created))), a => a.Rule == AnomalyRule.OrderStalled);
    }

    [Fact]
    public void StateCanBeForgottenOnlyWhenNothingIsPendingAndTheRetentionPassed()
    {
        var pending = Given(Ev(0, OrderStatus.Created));
        Assert.False(OrderLifecycleLogic.CanForget(pending, At(10), Options));
        var done = OrderLifecycleLogic.Advance(pending, At(1800), Now, Options).State;
        Assert.False(OrderLifecycleLogic.CanForget(done, At(1800), Options));
        Assert.True(OrderLifecycleLogic.CanForget(done, At(0) + Options.OrderRetention, Options));
        Assert.True(OrderLifecycleLogic.CanForget(OrderLifecycleState.Empty(Order), DateTimeOffset.MinValue, Options));
    }

    [Fact]
    public void EventsOfAnotherOrderOrUserAreRejected()
    {
        var state = Given(Ev(0, OrderStatus.Created));
        Assert.Throws<ArgumentException>(() => OrderLifecycleLogic.Apply(state, Ev(1, OrderStatus.Paid) with { OrderId = "o2" }, NoWatermark, Now, Options));
        Assert.Throws<ArgumentException>(() => OrderLifecycleLogic.Apply(state, Ev(1, OrderStatus.Paid) with { UserId = "u2" }, NoWatermark, Now, Options));
    }
}
