namespace Streaming.Streams.EventTime;

/// <summary>
/// Keyed event-time timers of one partition, as Flink's timer service: a timer (key, T) fires when the
/// watermark reaches T (T ≤ watermark). At most one timer per (key, time).
/// </summary>
/// <remarks>
/// Mutable and not thread-safe: it lives inside one stream stage. Backed by a sorted set ordered by
/// (time, key), so register, delete and pop are O(log n). Times are kept in UTC. Keys are ordered by the
/// given comparer, by default <see cref="StringComparer.Ordinal"/> for strings and
/// <see cref="Comparer{T}.Default"/> otherwise; the comparer decides key identity too.
/// Snapshot with <see cref="Timers"/>; restore with the constructor that takes a timer list.
/// </remarks>
public sealed class TimerService<TKey>
    where TKey : notnull
{
    private readonly SortedSet<EventTimer<TKey>> _timers;

    /// <summary>An empty timer service.</summary>
    public TimerService(IComparer<TKey>? keyComparer = null)
    {
        KeyComparer = keyComparer ?? DefaultKeyComparer();
        _timers = new SortedSet<EventTimer<TKey>>(new TimerComparer(KeyComparer));
    }

    /// <summary>A timer service holding <paramref name="timers"/> (duplicates collapse), e.g. restored from a snapshot.</summary>
    public TimerService(IEnumerable<EventTimer<TKey>> timers, IComparer<TKey>? keyComparer = null)
        : this(keyComparer)
    {
        ArgumentNullException.ThrowIfNull(timers);
        foreach (var timer in timers)
        {
            Register(timer.Key, timer.Time);
        }
    }

    /// <summary>The key order (and identity) in use.</summary>
    public IComparer<TKey> KeyComparer { get; }

    /// <summary>Number of registered timers.</summary>
    public int Count => _timers.Count;

    /// <summary>The earliest registered timer time, or null when there is none.</summary>
    public DateTimeOffset? NextDue => _timers.Count == 0 ? null : _timers.Min.Time;

    /// <summary>All timers in firing order (time, then key): the snapshot form.</summary>
    public IReadOnlyList<EventTimer<TKey>> Timers => [.. _timers];

    /// <summary>Registers a timer; true when it was not registered yet (registering twice is a no-op).</summary>
    public bool Register(TKey key, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _timers.Add(new EventTimer<TKey>(key, time.ToUniversalTime()));
    }

    /// <summary>Deletes a timer; true when it was registered.</summary>
    public bool Delete(TKey key, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _timers.Remove(new EventTimer<TKey>(key, time.ToUniversalTime()));
    }

    /// <summary>True when the timer (key, time) is registered.</summary>
    public bool Contains(TKey key, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _timers.Contains(new EventTimer<TKey>(key, time.ToUniversalTime()));
    }

    /// <summary>
    /// Removes and returns every timer with time ≤ <paramref name="watermark"/>, ordered by time, then key.
    /// </summary>
    public IReadOnlyList<EventTimer<TKey>> PopDue(DateTimeOffset watermark)
    {
        if (_timers.Count == 0 || _timers.Min.Time > watermark)
        {
            return [];
        }

        var due = new List<EventTimer<TKey>>();
        while (_timers.Count > 0)
        {
            var first = _timers.Min;
            if (first.Time > watermark)
            {
                break;
            }

            due.Add(first);
            _timers.Remove(first);
        }

        return due;
    }

    private static IComparer<TKey> DefaultKeyComparer() =>
        typeof(TKey) == typeof(string) ? (IComparer<TKey>)(object)StringComparer.Ordinal : Comparer<TKey>.Default;

    private sealed class TimerComparer(IComparer<TKey> keyComparer) : IComparer<EventTimer<TKey>>
    {
        public int Compare(EventTimer<TKey> x, EventTimer<TKey> y)
        {
            var byTime = x.Time.UtcTicks.CompareTo(y.Time.UtcTicks);
            return byTime != 0 ? byTime : keyComparer.Compare(x.Key, y.Key);
        }
    }
}
