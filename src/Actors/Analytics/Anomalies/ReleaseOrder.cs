using System.Collections.Immutable;

namespace Streaming.Analytics.Anomalies;

/// <summary>
/// The order in which buffered order events are released to the rules: event time, then event id
/// (ordinal), so that equal times are processed the same way in every run.
/// </summary>
public static class ReleaseOrder
{
    public static int Compare(OrderActivity x, OrderActivity y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var byTime = x.Time.CompareTo(y.Time);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.EventId, y.EventId);
    }

    /// <summary>
    /// <paramref name="events"/> in release order; the same array when it already is (a buffer the
    /// rules keep sorted is checked, not sorted again, each time a state is made).
    /// </summary>
    public static ImmutableArray<OrderActivity> Sorted(ImmutableArray<OrderActivity> events)
    {
        if (events.IsDefault) return [];
        for (var i = 1; i < events.Length; i++)
            if (Compare(events[i - 1], events[i]) > 0) return events.Sort(Compare);
        return events;
    }

    /// <summary>How many of <paramref name="buffer"/>'s first events (in release order) the watermark has passed: all at <see cref="DateTimeOffset.MaxValue"/>.</summary>
    public static int DueCount(ImmutableArray<OrderActivity> buffer, DateTimeOffset watermark)
    {
        if (watermark == DateTimeOffset.MaxValue) return buffer.Length;
        var due = 0;
        while (due < buffer.Length && buffer[due].Time < watermark) due++;
        return due;
    }

    /// <summary>Whether <paramref name="buffer"/> already holds the event <paramref name="eventId"/> at <paramref name="time"/> (a re-sent event).</summary>
    public static bool Holds(ImmutableArray<OrderActivity> buffer, DateTimeOffset time, string eventId)
    {
        foreach (var b in buffer)
            if (b.Time == time && string.Equals(b.EventId, eventId, StringComparison.Ordinal)) return true;
        return false;
    }
}
