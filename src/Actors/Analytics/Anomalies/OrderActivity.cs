using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Anomalies;

/// <summary>One <c>order_events</c> record as the anomaly rules need it (SPEC §1, §3.3).</summary>
/// <param name="EventId">The event's id.</param>
/// <param name="OrderId">The order.</param>
/// <param name="UserId">The user.</param>
/// <param name="Time">Event time; taken at millisecond precision (truncated).</param>
/// <param name="Status">The order's status.</param>
/// <param name="TotalAmount">The order total (≥ 0).</param>
/// <param name="ItemsTotal">Σ price × quantity of the items, or null when no items were given (absent or empty).</param>
public sealed record OrderActivity(
    string EventId,
    string OrderId,
    string UserId,
    DateTimeOffset Time,
    OrderStatus Status,
    decimal TotalAmount,
    decimal? ItemsTotal)
{
    /// <summary>The activity of an accepted <c>order_events</c> event.</summary>
    public static OrderActivity From(OrderEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        decimal? items = e.Items is { Count: > 0 } list ? list.Sum(i => i.Price * i.Quantity) : null;
        return new OrderActivity(e.EventId, e.OrderId, e.UserId, e.Timestamp, e.Status, e.TotalAmount, items);
    }
}
