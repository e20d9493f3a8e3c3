using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Streaming.Streams.EventTime;

namespace Streaming.Analytics.Sessions;

/// <summary>
/// One open session window of a user and the aggregates its output record needs. Its window is
/// <c>[Start, LastEventTime + G)</c>. Equality is structural (collections compared by content).
/// </summary>
public sealed record OpenSession
{
    /// <summary>Creates a session; normally only <see cref="SessionLogic"/> does this (and deserialization).</summary>
    [JsonConstructor]
    public OpenSession(
        DateTimeOffset start,
        DateTimeOffset lastEventTime,
        int eventCount,
        ImmutableDictionary<string, int> eventTypes,
        ImmutableHashSet<string> pages,
        ImmutableHashSet<string> devices)
    {
        ArgumentNullException.ThrowIfNull(eventTypes);
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(devices);
        if (lastEventTime < start)
        {
            throw new ArgumentException("A session's last event time cannot precede its start.", nameof(lastEventTime));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(eventCount, 1);
        Start = start.ToUniversalTime();
        LastEventTime = lastEventTime.ToUniversalTime();
        EventCount = eventCount;
        EventTypes = eventTypes.WithComparers(StringComparer.Ordinal);
        Pages = pages.WithComparer(StringComparer.Ordinal);
        Devices = devices.WithComparer(StringComparer.Ordinal);
    }

    /// <summary>Event time of the earliest event.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Event time of the latest event.</summary>
    public DateTimeOffset LastEventTime { get; }

    /// <summary>Number of events.</summary>
    public int EventCount { get; }

    /// <summary>Events per event type.</summary>
    public ImmutableDictionary<string, int> EventTypes { get; }

    /// <summary>Distinct non-empty page URLs.</summary>
    public ImmutableHashSet<string> Pages { get; }

    /// <summary>Distinct non-empty devices.</summary>
    public ImmutableHashSet<string> Devices { get; }

    /// <summary>The window end, <c>LastEventTime + gap</c>: the watermark at which the session closes.</summary>
    public DateTimeOffset CloseTime(TimeSpan gap) => TimeArithmetic.SaturatingAdd(LastEventTime, gap);

    /// <summary>A one-event session for an event at (already truncated) <paramref name="time"/>.</summary>
    internal static OpenSession Of(SessionEvent e, DateTimeOffset time) =>
        new(
            time,
            time,
            1,
            ImmutableDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal).Add(e.EventType, 1),
            string.IsNullOrEmpty(e.PageUrl) ? EmptySet : EmptySet.Add(e.PageUrl),
            string.IsNullOrEmpty(e.Device) ? EmptySet : EmptySet.Add(e.Device));

    /// <summary>This session with one more event at (already truncated) <paramref name="time"/>: <c>Merge(Of(e, time))</c> without building the one-event session.</summary>
    internal OpenSession With(SessionEvent e, DateTimeOffset time) =>
        new(
            TimeArithmetic.Min(Start, time),
            TimeArithmetic.Max(LastEventTime, time),
            checked(EventCount + 1),
            EventTypes.SetItem(e.EventType, EventTypes.GetValueOrDefault(e.EventType) + 1),
            string.IsNullOrEmpty(e.PageUrl) ? Pages : Pages.Add(e.PageUrl),
            string.IsNullOrEmpty(e.Device) ? Devices : Devices.Add(e.Device));

    /// <summary>The union of two sessions (their windows overlap).</summary>
    internal OpenSession Merge(OpenSession other)
    {
        var types = EventTypes;
        foreach (var (type, count) in other.EventTypes)
        {
            types = types.SetItem(type, types.GetValueOrDefault(type) + count);
        }

        return new(
            TimeArithmetic.Min(Start, other.Start),
            TimeArithmetic.Max(LastEventTime, other.LastEventTime),
            checked(EventCount + other.EventCount),
            types,
            Pages.Union(other.Pages),
            Devices.Union(other.Devices));
    }

    /// <inheritdoc />
    public bool Equals(OpenSession? other) =>
        other is not null
        && Start == other.Start
        && LastEventTime == other.LastEventTime
        && EventCount == other.EventCount
        && EventTypes.Count == other.EventTypes.Count
        && EventTypes.All(kv => other.EventTypes.TryGetValue(kv.Key, out var c) && c == kv.Value)
        && Pages.SetEquals(other.Pages)
        && Devices.SetEquals(other.Devices);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Start, LastEventTime, EventCount, EventTypes.Count, Pages.Count, Devices.Count);

    private static ImmutableHashSet<string> EmptySet => ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal);
}
