using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Streaming.Analytics.Anomalies;

/// <summary>One order's lifecycle state (see <see cref="OrderLifecycleLogic"/>). Immutable; equality is structural.</summary>
public sealed record OrderLifecycleState
{
    /// <summary>Creates a state; normally only <see cref="OrderLifecycleLogic"/> does this (and deserialization).</summary>
    [JsonConstructor]
    public OrderLifecycleState(
        string orderId,
        string? userId,
        ImmutableArray<OrderActivity> buffer,
        EvidenceEvent? current,
        EvidenceEvent? created,
        bool stallSettled,
        DateTimeOffset? lastEventTime)
    {
        ArgumentNullException.ThrowIfNull(orderId);
        OrderId = orderId;
        UserId = userId;
        Buffer = ReleaseOrder.Sorted(buffer);
        Current = current;
        Created = created;
        StallSettled = stallSettled;
        LastEventTime = lastEventTime?.ToUniversalTime();
    }

    /// <summary>The order.</summary>
    public string OrderId { get; }

    /// <summary>The order's user (from its first event), or null before any event.</summary>
    public string? UserId { get; }

    /// <summary>Accepted events not yet released, by (event time, event id).</summary>
    public ImmutableArray<OrderActivity> Buffer { get; }

    /// <summary>The event that set the current status, or null before the first released event.</summary>
    public EvidenceEvent? Current { get; }

    /// <summary>The first released <c>created</c> event that started the stall timer, or null.</summary>
    public EvidenceEvent? Created { get; }

    /// <summary>The stall timer is done: a paid or cancelled event came in time, or ORDER_STALLED fired.</summary>
    public bool StallSettled { get; }

    /// <summary>The latest event time of the order's accepted events, or null.</summary>
    public DateTimeOffset? LastEventTime { get; }

    /// <summary>The stall deadline (created + StallTimeout) while the timer is pending, else null.</summary>
    public DateTimeOffset? StallDeadline(AnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Created is { } c && !StallSettled ? Streams.EventTime.TimeArithmetic.SaturatingAdd(c.EventTime, options.StallTimeout) : null;
    }

    /// <summary>The state of an order with no events.</summary>
    public static OrderLifecycleState Empty(string orderId) => new(orderId, null, [], null, null, false, null);

    /// <inheritdoc />
    public bool Equals(OrderLifecycleState? other) =>
        other is not null
        && string.Equals(OrderId, other.OrderId, StringComparison.Ordinal)
        && string.Equals(UserId, other.UserId, StringComparison.Ordinal)
        && Buffer.SequenceEqual(other.Buffer)
        && Equals(Current, other.Current)
        && Equals(Created, other.Created)
        && StallSettled == other.StallSettled
        && LastEventTime == other.LastEventTime;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(OrderId, Buffer.Length, Current, StallSettled);
}
