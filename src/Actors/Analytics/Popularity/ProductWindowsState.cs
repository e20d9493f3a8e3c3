using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Streaming.Analytics.Popularity;

/// <summary>
/// One product's open sliding windows, kept as panes (one per slide that has events), plus the watermark up to
/// which windows are done. Immutable; equality is structural.
/// </summary>
/// <remarks>
/// Every window ending at or before <see cref="ClosedThrough"/> is done: it was emitted (if it had events) and is
/// never emitted again. A pane is dropped once every window containing it is done, so a state without panes
/// <see cref="IsEmpty"/> and may be dropped: a fresh state learns the watermark from its first
/// <see cref="ProductWindowsLogic.Apply"/>.
/// </remarks>
public sealed record ProductWindowsState
{
    /// <summary>Creates a state; normally only <see cref="ProductWindowsLogic"/> does this (and deserialization).</summary>
    [JsonConstructor]
    public ProductWindowsState(string productId, ImmutableSortedDictionary<long, ProductPane> panes, DateTimeOffset closedThrough)
    {
        ArgumentNullException.ThrowIfNull(productId);
        ArgumentNullException.ThrowIfNull(panes);
        ProductId = productId;
        // Values compared by reference: SetItem would otherwise compare the new pane with the old one
        // structurally (their whole user sets) on every event.
        Panes = panes.WithComparers(Comparer<long>.Default, ReferenceEqualityComparer.Instance);
        ClosedThrough = closedThrough.ToUniversalTime();
        var first = true;
        foreach (var (start, _) in Panes)
        {
            if (first)
            {
                FirstPaneStart = start;
                first = false;
            }

            LastPaneStart = start;
        }
    }

    /// <summary>The product.</summary>
    public string ProductId { get; }

    /// <summary>Panes with at least one event, by pane start (Unix epoch milliseconds, a multiple of S).</summary>
    public ImmutableSortedDictionary<long, ProductPane> Panes { get; }

    /// <summary>Windows ending at or before this instant are done (emitted or empty).</summary>
    public DateTimeOffset ClosedThrough { get; }

    /// <summary>The start of the earliest pane (0 when there is none).</summary>
    [JsonIgnore]
    public long FirstPaneStart { get; }

    /// <summary>The start of the latest pane (0 when there is none).</summary>
    [JsonIgnore]
    public long LastPaneStart { get; }

    /// <summary>True when no pane is kept: the state may be dropped.</summary>
    [JsonIgnore]
    public bool IsEmpty => Panes.IsEmpty;

    /// <summary>The state of a product with no events.</summary>
    public static ProductWindowsState Empty(string productId) => new(productId, ImmutableSortedDictionary<long, ProductPane>.Empty, DateTimeOffset.MinValue);

    /// <inheritdoc />
    public bool Equals(ProductWindowsState? other) =>
        other is not null
        && string.Equals(ProductId, other.ProductId, StringComparison.Ordinal)
        && ClosedThrough == other.ClosedThrough
        && Panes.Count == other.Panes.Count
        && Panes.All(kv => other.Panes.TryGetValue(kv.Key, out var p) && p.Equals(kv.Value));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ProductId, ClosedThrough, Panes.Count);
}
