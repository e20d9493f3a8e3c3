using System.Collections.Immutable;

namespace Streaming.Actors.Orders;

/// <summary>The outcome of applying an event or advancing the watermark in one of the anomaly logics.</summary>
/// <typeparam name="TState">The state type.</typeparam>
/// <param name="State">The new state.</param>
/// <param name="Alerts">Alerts raised, in detection order.</param>
/// <param name="IsLate">True when the applied event was late (it changed nothing but HIGH_VALUE).</param>
/// <param name="LateReason">Why it is late (human-readable), or null.</param>
public sealed record AnomalyResult<TState>(TState State, ImmutableArray<AnomalyAlert> Alerts, bool IsLate, string? LateReason)
{
    /// <summary>True when the applied event (if any) was accepted.</summary>
    public bool IsAccepted => !IsLate;
}
