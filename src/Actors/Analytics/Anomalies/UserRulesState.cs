using System.Collections.Immutable;

namespace Streaming.Analytics.Anomalies;

/// <summary>A user's keyed state: the state of the user rules and the user's recent alerts (its own and its orders'), oldest first, for the live query.</summary>
public sealed record UserRulesState(UserAnomalyState Rules, ImmutableArray<AnomalyAlert> Recent)
{
    public static UserRulesState Empty(string userId) => new(UserAnomalyState.Empty(userId), []);

    public bool Equals(UserRulesState? other) => other is not null && Rules.Equals(other.Rules) && Recent.SequenceEqual(other.Recent);

    public override int GetHashCode() => HashCode.Combine(Rules, Recent.Length);
}
