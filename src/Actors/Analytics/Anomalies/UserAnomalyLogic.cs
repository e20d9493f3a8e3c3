using Streaming.Analytics.Keyed;
using System.Collections.Immutable;
using Streaming.Streams.Contracts;
using Streaming.Streams.EventTime;
using static Streaming.Analytics.Anomalies.AnomalyText;

namespace Streaming.Analytics.Anomalies;

/// <summary>
/// The per-user order rules of SPEC §3.3 as pure functions: HIGH_VALUE and TOTAL_MISMATCH on arrival,
/// HIGH_FREQUENCY, AMOUNT_SPIKE and CARD_TESTING over the user's events in event-time order.
/// </summary>
/// <remarks>
/// <para><b>Lateness.</b> An event is late when its time (truncated to milliseconds) is before the watermark at its
/// arrival (<c>t &lt; watermark</c>). A late event changes nothing except that HIGH_VALUE still fires for it (and the
/// order counts as seen, so HIGH_VALUE stays once per order).</para>
/// <para><b>Arrival rules.</b> HIGH_VALUE: the first event of an order to arrive has total ≥ HighValueThreshold
/// (CRITICAL at ≥ CriticalValueThreshold, else HIGH); once per order. TOTAL_MISMATCH (LOW): a non-late event with items
/// (non-empty) where |total − Σ price × quantity| &gt; MismatchTolerance × total; once per order.</para>
/// <para><b>Ordered rules</b> (as Flink CEP): accepted events are buffered and released when the watermark passes
/// them (<c>t &lt; watermark</c>; all at <see cref="DateTimeOffset.MaxValue"/>), in (event time, event id) order.
/// Because a non-late event has <c>t ≥ watermark</c>, nothing is released before an event that precedes it in that
/// order, so the ordered rules see exactly the sorted sequence of accepted events. Only the first <c>created</c>
/// event of an order counts (a re-sent one is ignored by both created rules).</para>
/// <list type="bullet">
/// <item>HIGH_FREQUENCY (HIGH): a counted created event at t makes the number of counted created events in
/// <c>(t − FrequencyWindow, t]</c> processed so far (itself included) ≥ FrequencyCount, and the last HIGH_FREQUENCY
/// alert, if any, is at or before <c>t − FrequencyWindow</c>.</item>
/// <item>AMOUNT_SPIKE (MEDIUM): with n ≥ SpikeMinHistory earlier counted created orders of sum s, amount × n &gt;
/// SpikeFactor × s (i.e. amount &gt; factor × mean, exactly).</item>
/// <item>CARD_TESTING (CRITICAL): a <c>paid</c> event at t finds ≥ CardTestingFailures unconsumed <c>payment_failed</c>
/// events (any order of the user) at or after <c>t − CardTestingWindow</c>; they are all consumed.</item>
/// </list>
/// <para><see cref="Apply"/> first advances to its watermark, so results do not depend on whether the caller did.</para>
/// </remarks>
public static class UserAnomalyLogic
{
    /// <summary>
    /// Advances to <paramref name="watermark"/>, then applies one event that arrived at it: arrival rules, and buffering
    /// for the ordered rules unless late.
    /// </summary>
    /// <exception cref="ArgumentException">The event belongs to another user.</exception>
    public static KeyedStep<UserAnomalyState, AnomalyAlert> Apply(UserAnomalyState state, OrderActivity e, DateTimeOffset watermark, DateTimeOffset detectedAt, AnomalyOptions options)
    {
        ActivityChecks.NotNull(state, e, options);
        ActivityChecks.SameKey(e, "user", e.UserId, state.UserId);

        var advanced = Advance(state, watermark, detectedAt, options);
        state = advanced.State;
        var alerts = advanced.Outputs;
        e = e with { Time = Ms(e.Time) };
        var memo = state.Orders.GetValueOrDefault(e.OrderId);
        if (memo is null && e.TotalAmount >= options.HighValueThreshold)
        {
            alerts = alerts.Add(HighValue(state.UserId, e, detectedAt, options));
        }

        var isLate = e.Time < watermark;
        var seen = memo ?? new OrderMemo(e.Time, false, false);
        seen = seen with { LastEventTime = TimeArithmetic.Max(seen.LastEventTime, e.Time) };
        if (isLate)
        {
            var lateState = memo is null ? With(state, orders: state.Orders.SetItem(e.OrderId, seen)) : state;
            return new KeyedStep<UserAnomalyState, AnomalyAlert>(lateState, alerts, LateReason(e.Time, watermark));
        }

        if (!seen.MismatchAlerted && e.ItemsTotal is { } items && Math.Abs(e.TotalAmount - items) > options.MismatchTolerance * e.TotalAmount)
        {
            alerts = alerts.Add(Mismatch(state.UserId, e, items, detectedAt, options));
            seen = seen with { MismatchAlerted = true };
        }

        var buffer = ReleaseOrder.Holds(state.Buffer, e.Time, e.EventId) ? state.Buffer : state.Buffer.Add(e);
        state = With(state, buffer: buffer, orders: state.Orders.SetItem(e.OrderId, seen));

        // An event exactly at MaxValue is only released by a final flush.
        var released = Advance(state, watermark, detectedAt, options);
        return new KeyedStep<UserAnomalyState, AnomalyAlert>(released.State, alerts.AddRange(released.Outputs));
    }

    /// <summary>
    /// Releases the buffered events before <paramref name="watermark"/> (all at <see cref="DateTimeOffset.MaxValue"/>)
    /// to the ordered rules, in (time, id) order, and forgets order memory older than the retention.
    /// </summary>
    public static KeyedStep<UserAnomalyState, AnomalyAlert> Advance(UserAnomalyState state, DateTimeOffset watermark, DateTimeOffset detectedAt, AnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        // Called for every event and timer of the user: nothing is allocated unless something is due.
        var due = ReleaseOrder.DueCount(state.Buffer, watermark);
        var alerts = ImmutableArray<AnomalyAlert>.Empty;
        var s = state;
        if (due > 0)
        {
            var found = ImmutableArray.CreateBuilder<AnomalyAlert>();
            s = With(s, buffer: state.Buffer.RemoveRange(0, due));
            for (var i = 0; i < due; i++)
            {
                s = Process(s, state.Buffer[i], detectedAt, options, found);
            }

            alerts = found.ToImmutable();
        }

        List<string>? expired = null;
        foreach (var (orderId, memo) in s.Orders)
        {
            if (TimeArithmetic.SaturatingAdd(memo.LastEventTime, options.OrderRetention) <= watermark)
            {
                (expired ??= []).Add(orderId);
            }
        }

        if (expired is not null)
        {
            s = With(s, orders: s.Orders.RemoveRange(expired));
        }

        return new KeyedStep<UserAnomalyState, AnomalyAlert>(s, alerts);
    }

    /// <summary>
    /// The earliest watermark at which <see cref="Advance"/> changes the state: the first buffered event's time + 1 ms
    /// (released once the watermark passes it) or an order memory's expiry. Null when there is none.
    /// </summary>
    public static DateTimeOffset? NextTimerTime(UserAnomalyState state, AnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        DateTimeOffset? next = state.Buffer.IsEmpty ? null : TimeArithmetic.SaturatingAdd(state.Buffer[0].Time, TimeSpan.FromMilliseconds(1));
        foreach (var memo in state.Orders.Values)
        {
            var expiry = TimeArithmetic.SaturatingAdd(memo.LastEventTime, options.OrderRetention);
            next = next is { } n ? TimeArithmetic.Min(n, expiry) : expiry;
        }

        return next;
    }

    private static UserAnomalyState Process(UserAnomalyState s, OrderActivity e, DateTimeOffset detectedAt, AnomalyOptions options, ImmutableArray<AnomalyAlert>.Builder alerts)
    {
        var ev = EvidenceEvent.Of(e);
        switch (e.Status)
        {
            case OrderStatus.Created:
                {
                    var memo = s.Orders.GetValueOrDefault(e.OrderId) ?? new OrderMemo(e.Time, false, false);
                    if (memo.CreatedCounted)
                    {
                        return s;
                    }

                    var from = TimeArithmetic.SaturatingSubtract(e.Time, options.FrequencyWindow);
                    var recent = s.RecentCreated.Where(r => r.EventTime > from).Append(ev).ToImmutableArray();
                    var lastAlert = s.LastHighFrequencyAlert;
                    if (recent.Length >= options.FrequencyCount && (lastAlert is null || lastAlert <= from))
                    {
                        alerts.Add(AlertFactory.Create(
                            AnomalyRule.HighFrequency,
                            AlertSeverity.High,
                            s.UserId,
                            ev,
                            detectedAt,
                            Invariant($"user {s.UserId} created {recent.Length} orders within {options.FrequencyWindow.TotalSeconds}s (threshold {options.FrequencyCount}), the last {e.OrderId} at {Iso(e.Time)}"),
                            recent,
                            [("count", recent.Length), ("threshold", options.FrequencyCount), ("window_seconds", (decimal)options.FrequencyWindow.TotalSeconds)]));
                        lastAlert = e.Time;
                    }

                    if (s.CreatedCount >= options.SpikeMinHistory && e.TotalAmount * s.CreatedCount > options.SpikeFactor * s.CreatedSum)
                    {
                        var mean = Math.Round(s.CreatedSum / s.CreatedCount, 6, MidpointRounding.AwayFromZero);
                        alerts.Add(AlertFactory.Create(
                            AnomalyRule.AmountSpike,
                            AlertSeverity.Medium,
                            s.UserId,
                            ev,
                            detectedAt,
                            Invariant($"order {e.OrderId} of user {s.UserId}: amount {Canonical(e.TotalAmount)} is more than {Canonical(options.SpikeFactor)} x the mean {Canonical(mean)} of {s.CreatedCount} earlier orders"),
                            [ev],
                            [("factor", options.SpikeFactor), ("history_count", s.CreatedCount), ("history_sum", s.CreatedSum), ("mean", mean)]));
                    }

                    return With(
                        s,
                        orders: s.Orders.SetItem(e.OrderId, memo with { CreatedCounted = true }),
                        recentCreated: recent,
                        lastHighFrequencyAlert: lastAlert,
                        setLastHighFrequencyAlert: true,
                        createdCount: s.CreatedCount + 1,
                        createdSum: s.CreatedSum + e.TotalAmount);
                }

            case OrderStatus.PaymentFailed:
                {
                    var from = TimeArithmetic.SaturatingSubtract(e.Time, options.CardTestingWindow);
                    return With(s, pendingFailures: s.PendingFailures.Where(f => f.EventTime >= from).Append(ev).ToImmutableArray());
                }

            case OrderStatus.Paid:
                {
                    var from = TimeArithmetic.SaturatingSubtract(e.Time, options.CardTestingWindow);
                    var failures = s.PendingFailures.Where(f => f.EventTime >= from).ToImmutableArray();
                    if (failures.Length < options.CardTestingFailures)
                    {
                        return failures.Length == s.PendingFailures.Length ? s : With(s, pendingFailures: failures);
                    }

                    alerts.Add(AlertFactory.Create(
                        AnomalyRule.CardTesting,
                        AlertSeverity.Critical,
                        s.UserId,
                        ev,
                        detectedAt,
                        Invariant($"user {s.UserId} paid order {e.OrderId} at {Iso(e.Time)} after {failures.Length} payment failures since {Iso(failures[0].EventTime)}"),
                        failures.Append(ev),
                        [("failures", failures.Length), ("threshold", options.CardTestingFailures), ("window_seconds", (decimal)options.CardTestingWindow.TotalSeconds)]));
                    return With(s, pendingFailures: []);
                }

            default:
                return s;
        }
    }

    private static AnomalyAlert HighValue(string userId, OrderActivity e, DateTimeOffset detectedAt, AnomalyOptions options)
    {
        var critical = e.TotalAmount >= options.CriticalValueThreshold;
        var threshold = critical ? options.CriticalValueThreshold : options.HighValueThreshold;
        var ev = EvidenceEvent.Of(e);
        return AlertFactory.Create(
            AnomalyRule.HighValue,
            critical ? AlertSeverity.Critical : AlertSeverity.High,
            userId,
            ev,
            detectedAt,
            Invariant($"order {e.OrderId} of user {userId} has total {Canonical(e.TotalAmount)} {(critical ? "at or above the critical threshold" : "at or above the high-value threshold")} {Canonical(threshold)}"),
            [ev],
            [("threshold", options.HighValueThreshold), ("critical_threshold", options.CriticalValueThreshold)]);
    }

    private static AnomalyAlert Mismatch(string userId, OrderActivity e, decimal items, DateTimeOffset detectedAt, AnomalyOptions options)
    {
        var ev = EvidenceEvent.Of(e);
        var difference = Math.Abs(e.TotalAmount - items);
        return AlertFactory.Create(
            AnomalyRule.TotalMismatch,
            AlertSeverity.Low,
            userId,
            ev,
            detectedAt,
            Invariant($"order {e.OrderId} of user {userId}: total {Canonical(e.TotalAmount)} differs from the items' sum {Canonical(items)} by {Canonical(difference)}, more than {Canonical(options.MismatchTolerance * 100)} %"),
            [ev],
            [("difference", difference), ("items_total", items), ("tolerance", options.MismatchTolerance)]);
    }

    private static UserAnomalyState With(
        UserAnomalyState s,
        ImmutableArray<OrderActivity>? buffer = null,
        ImmutableSortedDictionary<string, OrderMemo>? orders = null,
        ImmutableArray<EvidenceEvent>? recentCreated = null,
        ImmutableArray<EvidenceEvent>? pendingFailures = null,
        DateTimeOffset? lastHighFrequencyAlert = null,
        bool setLastHighFrequencyAlert = false,
        long? createdCount = null,
        decimal? createdSum = null) =>
        new(
            s.UserId,
            buffer ?? s.Buffer,
            orders ?? s.Orders,
            recentCreated ?? s.RecentCreated,
            pendingFailures ?? s.PendingFailures,
            setLastHighFrequencyAlert ? lastHighFrequencyAlert : s.LastHighFrequencyAlert,
            createdCount ?? s.CreatedCount,
            createdSum ?? s.CreatedSum);
}
