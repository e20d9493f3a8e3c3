using System.Collections.Immutable;

namespace Streaming.Analytics.Anomalies;

/// <summary>What made an alert fire: the events (in event-time order) and the figures compared. Equality is structural.</summary>
/// <param name="Events">The triggering events.</param>
/// <param name="Values">The figures, by name (ordinal order), e.g. <c>threshold</c>, <c>mean</c>, <c>items_total</c>.</param>
public sealed record AlertEvidence(ImmutableArray<EvidenceEvent> Events, ImmutableSortedDictionary<string, decimal> Values)
{
    /// <inheritdoc />
    public bool Equals(AlertEvidence? other) =>
        other is not null
        && (Events.IsDefault ? [] : Events).SequenceEqual(other.Events.IsDefault ? [] : other.Events)
        && (Values ?? ImmutableSortedDictionary<string, decimal>.Empty).SequenceEqual(other.Values ?? ImmutableSortedDictionary<string, decimal>.Empty);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Events.IsDefault ? 0 : Events.Length, Values?.Count ?? 0);
}
