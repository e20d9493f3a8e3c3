using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Anomalies;

/// <summary>One input event named in an alert's evidence (also used to remember an order's status events).</summary>
/// <param name="EventId">The event's id.</param>
/// <param name="OrderId">Its order.</param>
/// <param name="Status">Its status.</param>
/// <param name="Amount">Its total_amount.</param>
/// <param name="EventTime">Its event time.</param>
public sealed record EvidenceEvent(string EventId, string OrderId, OrderStatus Status, decimal Amount, DateTimeOffset EventTime)
{
    /// <summary>The evidence form of <paramref name="e"/> (time truncated to milliseconds).</summary>
    public static EvidenceEvent Of(OrderActivity e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.EventId, e.OrderId, e.Status, e.TotalAmount, AnomalyText.Ms(e.Time));
    }
}
