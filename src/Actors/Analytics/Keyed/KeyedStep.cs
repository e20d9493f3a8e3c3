using System.Collections.Immutable;

namespace Streaming.Analytics.Keyed;

/// <summary>
/// What one call of a keyed function gave: the key's new state, the results it produced, and — for an input — why the
/// input was late (null when it was not, and always for a timer). Late inputs change no state except where the
/// analytic says so (HIGH_VALUE still fires).
/// </summary>
public sealed record KeyedStep<TState, TOutput>(TState State, ImmutableArray<TOutput> Outputs, string? LateReason = null)
{
    public bool IsLate => LateReason is not null;
}
