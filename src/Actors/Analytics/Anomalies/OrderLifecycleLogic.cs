using Streaming.Analytics.Keyed;
using System.Collections.Immutable;
using Streaming.Streams.Contracts;
using Streaming.Streams.EventTime;
using static Streaming.Analytics.Anomalies.AnomalyText;

namespace Streaming.Analytics.Anomalies;

/// <summary>
/// The per-order rules of SPEC §3.3 as pure functions: INVALID_TRANSITION and ORDER_STALLED, over the order's events
/// in event-time order.
/// </summary>
/// <remarks>
/// <para>Lateness and release are as in <see cref="UserAnomalyLogic"/>: an event with <c>t &lt; watermark</c> at arrival
/// is late and changes nothing; accepted events are buffered and processed in (event time, event id) order once the
/// watermark passes them.</para>
/// <para><b>INVALID_TRANSITION</b> (MEDIUM). Allowed moves: created → payment_failed, paid, cancelled;
/// payment_failed → paid, cancelled; paid → shipped, cancelled, refunded; shipped → delivered, refunded;
/// delivered → refunded; cancelled and refunded are final. The first event of an order may have any status (it is
/// taken to have passed the earlier ones); a repeated status is no transition. Any other move fires, with the events of
/// the old and the new status as evidence; the order then takes the new status (the events are the truth about the
/// order, the alert flags the move).</para>
/// <para><b>ORDER_STALLED</b> (LOW). The first processed <c>created</c> event starts a timer for
/// <c>created + StallTimeout</c> unless a paid or cancelled event was processed before it. A <c>paid</c> or
/// <c>cancelled</c> event with time &lt; that deadline settles it. When the watermark reaches the deadline (events
/// before it are then all processed; one arriving later is late) the alert fires, once. An event at exactly the
/// deadline is too late to settle it.</para>
/// <para>State can be dropped (<see cref="CanForget"/>) once nothing is pending and the watermark has passed the last
/// event time + <see cref="AnomalyOptions.OrderRetention"/>.</para>
/// </remarks>
public static class OrderLifecycleLogic
{
    /// <summary>True when moving from <paramref name="from"/> to a different status <paramref name="to"/> follows the lifecycle.</summary>
    public static bool IsAllowed(OrderStatus from, OrderStatus to) => from switch
    {
        _ when from == to => true,
        OrderStatus.Created => to is OrderStatus.PaymentFailed or OrderStatus.Paid or OrderStatus.Cancelled,
        OrderStatus.PaymentFailed => to is OrderStatus.Paid or OrderStatus.Cancelled,
        OrderStatus.Paid => to is OrderStatus.Shipped or OrderStatus.Cancelled or OrderStatus.Refunded,
        OrderStatus.Shipped => to is OrderStatus.Delivered or OrderStatus.Refunded,
        OrderStatus.Delivered => to is OrderStatus.Refunded,
        _ => false,
    };

    /// <summary>Advances to <paramref name="watermark"/>, then applies one event that arrived at it (buffered unless late).</summary>
    /// <exception cref="ArgumentException">The event belongs to another order, or to another user than the order's first event.</exception>
    public static KeyedStep<OrderLifecycleState, AnomalyAlert> Apply(OrderLifecycleState state, OrderActivity e, DateTimeOffset watermark, DateTimeOffset detectedAt, AnomalyOptions options)
    {
        ActivityChecks.NotNull(state, e, options);
        ActivityChecks.SameKey(e, "order", e.OrderId, state.OrderId);
        if (state.UserId is { } user && !string.Equals(e.UserId, user, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Event {e.EventId} is for user '{e.UserId}', but order '{state.OrderId}' belongs to '{user}'.", nameof(e));
        }

        var advanced = Advance(state, watermark, detectedAt, options);
        state = advanced.State;
        var t = Ms(e.Time);
        if (t < watermark)
        {
            return new KeyedStep<OrderLifecycleState, AnomalyAlert>(state, advanced.Outputs, LateReason(t, watermark));
        }

        e = e with { Time = t };
        var buffer = ReleaseOrder.Holds(state.Buffer, t, e.EventId) ? state.Buffer : state.Buffer.Add(e);
        var last = state.LastEventTime is { } l ? TimeArithmetic.Max(l, t) : t;
        state = new OrderLifecycleState(state.OrderId, e.UserId, buffer, state.Current, state.Created, state.StallSettled, last);
        var released = Advance(state, watermark, detectedAt, options);
        return new KeyedStep<OrderLifecycleState, AnomalyAlert>(released.State, advanced.Outputs.AddRange(released.Outputs));
    }

    /// <summary>
    /// Processes the buffered events before <paramref name="watermark"/> (all at <see cref="DateTimeOffset.MaxValue"/>) in
    /// (time, id) order, then fires ORDER_STALLED if its deadline is reached.
    /// </summary>
    public static KeyedStep<OrderLifecycleState, AnomalyAlert> Advance(OrderLifecycleState state, DateTimeOffset watermark, DateTimeOffset detectedAt, AnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        var due = ReleaseOrder.DueCount(state.Buffer, watermark);
        // Most calls release nothing and raise nothing: the builder is made when an alert is.
        ImmutableArray<AnomalyAlert>.Builder? alerts = null;
        var current = state.Current;
        var created = state.Created;
        var settled = state.StallSettled;
        for (var i = 0; i < due; i++)
        {
            var e = state.Buffer[i];
            var ev = EvidenceEvent.Of(e);
            if (current is { } from && !IsAllowed(from.Status, e.Status))
            {
                (alerts ??= ImmutableArray.CreateBuilder<AnomalyAlert>()).Add(AlertFactory.Create(
                    AnomalyRule.InvalidTransition,
                    AlertSeverity.Medium,
                    e.UserId,
                    ev,
                    detectedAt,
                    Invariant($"order {e.OrderId} of user {e.UserId} moved from {from.Status.ToWire()} ({Iso(from.EventTime)}) to {e.Status.ToWire()} ({Iso(e.Time)})"),
                    [from, ev],
                    []));
            }

            if (current is null || current.Status != e.Status)
            {
                current = ev;
            }

            switch (e.Status)
            {
                case OrderStatus.Created when created is null:
                    created = ev;
                    break;
                case OrderStatus.Paid or OrderStatus.Cancelled when !settled:
                    // Before any created event, or in time after it: the order needs no stall timer.
                    settled = created is null || e.Time < TimeArithmetic.SaturatingAdd(created.EventTime, options.StallTimeout);
                    break;
                default:
                    break;
            }
        }

        if (created is not null && !settled && TimeArithmetic.SaturatingAdd(created.EventTime, options.StallTimeout) <= watermark)
        {
            var userId = state.UserId ?? string.Empty;
            (alerts ??= ImmutableArray.CreateBuilder<AnomalyAlert>()).Add(AlertFactory.Create(
                AnomalyRule.OrderStalled,
                AlertSeverity.Low,
                userId,
                created,
                detectedAt,
                Invariant($"order {created.OrderId} of user {userId} was created at {Iso(created.EventTime)} and had no paid or cancelled event within {options.StallTimeout.TotalSeconds}s"),
                [created],
                [("timeout_seconds", (decimal)options.StallTimeout.TotalSeconds)]));
            settled = true;
        }

        var raised = alerts?.ToImmutable() ?? [];
        if (due == 0 && settled == state.StallSettled)
        {
            return new KeyedStep<OrderLifecycleState, AnomalyAlert>(state, raised);
        }

        var next = new OrderLifecycleState(state.OrderId, state.UserId, state.Buffer.RemoveRange(0, due), current, created, settled, state.LastEventTime);
        return new KeyedStep<OrderLifecycleState, AnomalyAlert>(next, raised);
    }

    /// <summary>
    /// The order is done: its status is final or awaits only a refund (delivered, cancelled, refunded),
    /// and nothing is buffered or timed. More events are possible (a refund, an invalid move) but rare.
    /// </summary>
    public static bool IsSettled(OrderLifecycleState state, AnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Current?.Status is OrderStatus.Delivered or OrderStatus.Cancelled or OrderStatus.Refunded
            && NextTimerTime(state, options) is null;
    }

    /// <summary>
    /// The earliest watermark at which <see cref="Advance"/> does something: the first buffered event's time + 1 ms or the
    /// stall deadline; null when neither is pending.
    /// </summary>
    public static DateTimeOffset? NextTimerTime(OrderLifecycleState state, AnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        DateTimeOffset? release = state.Buffer.IsEmpty ? null : TimeArithmetic.SaturatingAdd(state.Buffer[0].Time, TimeSpan.FromMilliseconds(1));
        var stall = state.StallDeadline(options);
        return (release, stall) switch
        {
            ({ } r, { } s) => TimeArithmetic.Min(r, s),
            _ => release ?? stall,
        };
    }

    /// <summary>
    /// True when the state may be dropped: nothing buffered, no stall timer pending, and the watermark has reached the
    /// last event time + <see cref="AnomalyOptions.OrderRetention"/> (a later event is then treated as the order's first).
    /// </summary>
    public static bool CanForget(OrderLifecycleState state, DateTimeOffset watermark, AnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        return state.Buffer.IsEmpty
            && state.StallDeadline(options) is null
            && (state.LastEventTime is not { } last || TimeArithmetic.SaturatingAdd(last, options.OrderRetention) <= watermark);
    }
}
