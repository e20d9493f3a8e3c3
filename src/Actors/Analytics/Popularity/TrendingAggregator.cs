using System.Collections.Immutable;
using Streaming.Streams.EventTime;

namespace Streaming.Analytics.Popularity;

/// <summary>
/// Collects the <see cref="ProductPopularity"/> records of every source partition and releases one
/// <see cref="TrendingProducts"/> per window once every partition's watermark has reached the window's end
/// (SPEC §3.2), as pure functions.
/// </summary>
/// <remarks>
/// <para>The caller must hand over a partition's records before the watermark that closed them (watermarks flow
/// in-band, after the records, as in Flink). A window is released exactly once: after that its records are
/// ignored (<see cref="TrendingAddOutcome.AlreadyReleased"/>). A record delivered twice (same window start and
/// product) counts once.</para>
/// <para>Windows without any product record have no trending record.</para>
/// </remarks>
public static class TrendingAggregator
{
    /// <summary>Collects one product record.</summary>
    public static TrendingAddResult Add(TrendingAggregatorState state, ProductPopularity record)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(record);
        if (record.WindowEnd <= state.ReleasedThrough)
        {
            return new TrendingAddResult(state, TrendingAddOutcome.AlreadyReleased);
        }

        var key = record.WindowStart.ToUnixTimeMilliseconds();
        var products = state.Pending.GetValueOrDefault(key) ?? ImmutableSortedDictionary<string, ProductPopularity>.Empty.WithComparers(StringComparer.Ordinal);
        if (products.TryGetValue(record.ProductId, out var seen))
        {
            return new TrendingAddResult(state, seen.Equals(record) ? TrendingAddOutcome.Duplicate : TrendingAddOutcome.Conflicting);
        }

        var next = new TrendingAggregatorState(state.Watermarks, state.Pending.SetItem(key, products.Add(record.ProductId, record)), state.ReleasedThrough, state.Seen, state.Idle);
        return new TrendingAddResult(next, TrendingAddOutcome.Added);
    }

    /// <summary>
    /// Counts the products of a window that a partition had (when it hands over only candidates, see
    /// <see cref="TrendingLogic.Candidates"/>); products counted before, and windows released already, change nothing.
    /// </summary>
    public static TrendingAggregatorState Count(TrendingAggregatorState state, DateTimeOffset windowStart, DateTimeOffset windowEnd, IEnumerable<string> productIds)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(productIds);
        if (windowEnd <= state.ReleasedThrough)
        {
            return state;
        }

        var key = windowStart.ToUnixTimeMilliseconds();
        var known = state.Seen.GetValueOrDefault(key) ?? ImmutableHashSet.Create<string>(StringComparer.Ordinal);
        var counted = known.Union(productIds);
        return counted.Count == known.Count ? state : new TrendingAggregatorState(state.Watermarks, state.Pending, state.ReleasedThrough, state.Seen.SetItem(key, counted), state.Idle);
    }

    /// <summary>
    /// Moves one partition's watermark forward (a lower value changes nothing) and records whether it is active (has
    /// seen events and is not idle); see <see cref="TrendingAggregatorState.CombinedWatermark"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The partition is not one of the state's partitions.</exception>
    public static TrendingAggregatorState ObserveWatermark(TrendingAggregatorState state, int partition, DateTimeOffset watermark, bool active = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Watermarks.TryGetValue(partition, out var current))
        {
            throw new ArgumentException($"Partition {partition} is not a source partition of this aggregator.", nameof(partition));
        }

        var idle = active ? state.Idle.Remove(partition) : state.Idle.Add(partition);
        var watermarks = watermark <= current ? state.Watermarks : state.Watermarks.SetItem(partition, watermark.ToUniversalTime());
        return ReferenceEquals(watermarks, state.Watermarks) && ReferenceEquals(idle, state.Idle)
            ? state
            : new TrendingAggregatorState(watermarks, state.Pending, state.ReleasedThrough, state.Seen, idle);
    }

    /// <summary>
    /// Releases every collected window whose end is at or before every partition's watermark, in window order, and
    /// forgets it.
    /// </summary>
    public static TrendingReleaseResult Release(TrendingAggregatorState state, PopularityOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        var combined = state.CombinedWatermark;
        if (combined <= state.ReleasedThrough)
        {
            return new TrendingReleaseResult(state, []);
        }

        var released = ImmutableArray.CreateBuilder<TrendingProducts>();
        var pending = state.Pending;
        var seen = state.Seen;
        foreach (var (start, products) in state.Pending)
        {
            if (products.Values.First().WindowEnd > combined)
            {
                continue;
            }

            var count = seen.TryGetValue(start, out var others) ? others.Union(products.Keys).Count : products.Count;
            released.Add(TrendingLogic.Top(products.Values, options, count));
            pending = pending.Remove(start);
            seen = seen.Remove(start);
        }

        // Counts of windows that got no record at all (a partition's candidates always include one) go too.
        var done = seen.Keys.TakeWhile(start => start + options.WindowMs <= combined.ToUnixTimeMilliseconds()).ToList();
        seen = seen.RemoveRange(done);
        var through = TimeArithmetic.Max(state.ReleasedThrough, combined);
        return new TrendingReleaseResult(new TrendingAggregatorState(state.Watermarks, pending, through, seen, state.Idle), released.ToImmutable());
    }

    /// <summary>The earliest window end among collected windows (release happens when the combined watermark reaches it), or null.</summary>
    public static DateTimeOffset? NextReleaseTime(TrendingAggregatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Pending.IsEmpty ? null : state.Pending.Values.Min(p => p.Values.First().WindowEnd);
    }
}
