namespace Streaming.Analytics.Popularity;

/// <summary>
/// A value with the event that carried it; of two, the later one wins: later event time, then the greater
/// event id (ordinal). Used for a window's <c>category</c> and <c>brand</c>.
/// </summary>
/// <param name="Time">Event time of the carrying event (millisecond precision).</param>
/// <param name="EventId">Id of the carrying event.</param>
/// <param name="Value">The value (non-empty).</param>
public sealed record LatestValue(DateTimeOffset Time, string EventId, string Value)
{
    /// <summary>The later of <paramref name="a"/> and <paramref name="b"/> (either may be null).</summary>
    public static LatestValue? Later(LatestValue? a, LatestValue? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        var byTime = a.Time.CompareTo(b.Time);
        if (byTime != 0)
        {
            return byTime > 0 ? a : b;
        }

        var byId = string.CompareOrdinal(a.EventId, b.EventId);
        if (byId != 0)
        {
            return byId > 0 ? a : b;
        }

        return string.CompareOrdinal(a.Value, b.Value) >= 0 ? a : b;
    }
}
