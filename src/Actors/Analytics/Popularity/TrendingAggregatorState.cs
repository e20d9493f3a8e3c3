using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Streaming.Analytics.Popularity;

/// <summary>
/// The trending aggregator's state: the watermark of every source partition and which of them are idle, the product
/// records collected per window not yet released, and the watermark up to which windows were released. Immutable;
/// equality is structural.
/// </summary>
/// <remarks>
/// Records are keyed by <c>window_start</c> + <c>product_id</c>, their deterministic id (SPEC §2). When partitions hand
/// over only their candidates (<see cref="TrendingLogic.Candidates"/>), <see cref="Seen"/> holds every product of the
/// window, for its count.
/// </remarks>
public sealed record TrendingAggregatorState
{
    /// <summary>Creates a state; normally only <see cref="Create"/> and <see cref="TrendingAggregator"/> do this (and deserialization).</summary>
    [JsonConstructor]
    public TrendingAggregatorState(
        ImmutableSortedDictionary<int, DateTimeOffset> watermarks,
        ImmutableSortedDictionary<long, ImmutableSortedDictionary<string, ProductPopularity>> pending,
        DateTimeOffset releasedThrough,
        ImmutableSortedDictionary<long, ImmutableHashSet<string>>? seen = null,
        ImmutableSortedSet<int>? idle = null)
    {
        ArgumentNullException.ThrowIfNull(watermarks);
        ArgumentNullException.ThrowIfNull(pending);
        if (watermarks.IsEmpty)
        {
            throw new ArgumentException("At least one partition is needed.", nameof(watermarks));
        }

        Watermarks = watermarks.WithComparers(Comparer<int>.Default);
        Pending = pending.WithComparers(Comparer<long>.Default)
            .ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value.WithComparers(StringComparer.Ordinal));
        ReleasedThrough = releasedThrough.ToUniversalTime();
        Idle = idle ?? [];
        Seen = (seen ?? ImmutableSortedDictionary<long, ImmutableHashSet<string>>.Empty).WithComparers(Comparer<long>.Default)
            .ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value.WithComparer(StringComparer.Ordinal));
    }

    /// <summary>Products counted per window (by window start) besides the collected records.</summary>
    public ImmutableSortedDictionary<long, ImmutableHashSet<string>> Seen { get; }

    /// <summary>The watermark of every source partition (the partition set is fixed).</summary>
    public ImmutableSortedDictionary<int, DateTimeOffset> Watermarks { get; }

    /// <summary>Collected records per window (by window start, Unix epoch milliseconds), per product.</summary>
    public ImmutableSortedDictionary<long, ImmutableSortedDictionary<string, ProductPopularity>> Pending { get; }

    /// <summary>Windows ending at or before this instant have been released; their records are ignored.</summary>
    public DateTimeOffset ReleasedThrough { get; }

    /// <summary>Partitions that reported themselves idle (no event for <c>IdleAfter</c>) in their latest contribution.</summary>
    public ImmutableSortedSet<int> Idle { get; }

    /// <summary>
    /// Windows ending at or before it can be released: the minimum over the partitions that have seen events and are
    /// not idle (Flink's idleness: an empty or quiet partition does not hold the others back); when every partition
    /// that has seen events is idle, the minimum over those (idle watermarks follow the wall clock, so quiet traffic
    /// still closes windows); <see cref="DateTimeOffset.MinValue"/> while no partition has seen an event.
    /// </summary>
    [JsonIgnore]
    public DateTimeOffset CombinedWatermark
    {
        get
        {
            var seen = Watermarks.Where(w => w.Value > DateTimeOffset.MinValue).ToList();
            if (seen.Count == 0) return DateTimeOffset.MinValue;
            var active = seen.Where(w => !Idle.Contains(w.Key)).ToList();
            return (active.Count > 0 ? active : seen).Min(w => w.Value);
        }
    }

    /// <summary>A state for the given source partitions, each at watermark <see cref="DateTimeOffset.MinValue"/>.</summary>
    public static TrendingAggregatorState Create(IEnumerable<int> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        return new(
            partitions.Distinct().ToImmutableSortedDictionary(p => p, _ => DateTimeOffset.MinValue),
            ImmutableSortedDictionary<long, ImmutableSortedDictionary<string, ProductPopularity>>.Empty,
            DateTimeOffset.MinValue);
    }

    /// <inheritdoc />
    public bool Equals(TrendingAggregatorState? other) =>
        other is not null
        && ReleasedThrough == other.ReleasedThrough
        && Watermarks.SequenceEqual(other.Watermarks)
        && Idle.SetEquals(other.Idle)
        && Pending.Count == other.Pending.Count
        && Pending.All(kv => other.Pending.TryGetValue(kv.Key, out var products) && products.SequenceEqual(kv.Value))
        && Seen.Count == other.Seen.Count
        && Seen.All(kv => other.Seen.TryGetValue(kv.Key, out var products) && products.SetEquals(kv.Value));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ReleasedThrough, Watermarks.Count, Pending.Count);
}
