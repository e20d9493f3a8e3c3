using System.Collections.Immutable;

namespace Streaming.Actors.Products;

/// <summary>The outcome of <see cref="ProductWindowsLogic.Apply"/>.</summary>
/// <param name="State">The new state.</param>
/// <param name="Closed">Windows that closed at the watermark before the activity was applied (usually none, when the caller closes on every watermark advance), in window order.</param>
/// <param name="IsLate">True when the activity was late and was not counted.</param>
/// <param name="LateReason">Why it is late (human-readable), or null when accepted.</param>
public sealed record ProductApplyResult(ProductWindowsState State, ImmutableArray<ProductPopularity> Closed, bool IsLate, string? LateReason)
{
    /// <summary>True when the activity was counted.</summary>
    public bool IsAccepted => !IsLate;
}
