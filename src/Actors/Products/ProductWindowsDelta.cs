using System.Collections.Immutable;

namespace Streaming.Actors.Products;

/// <summary>
/// What changed between two states of one product's windows: the panes that are new or replaced, the
/// panes dropped, and the new <see cref="ProductWindowsState.ClosedThrough"/>. Most events change only
/// the latest pane, so a checkpoint stores this instead of every open pane's user set.
/// </summary>
public sealed record ProductWindowsDelta(
    string ProductId,
    ImmutableSortedDictionary<long, ProductPane> Changed,
    ImmutableArray<long> Removed,
    DateTimeOffset ClosedThrough)
{
    /// <summary>The delta from <paramref name="previous"/> to <paramref name="next"/>. A pane counts as unchanged
    /// only when it is the same object (states evolve by sharing unchanged panes), so the delta may include
    /// equal panes but never misses a change.</summary>
    public static ProductWindowsDelta Between(ProductWindowsState previous, ProductWindowsState next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        var changed = ImmutableSortedDictionary.CreateBuilder<long, ProductPane>();
        foreach (var (start, pane) in next.Panes)
        {
            if (!previous.Panes.TryGetValue(start, out var before) || !ReferenceEquals(before, pane))
            {
                changed.Add(start, pane);
            }
        }

        var removed = ImmutableArray.CreateBuilder<long>();
        foreach (var (start, _) in previous.Panes)
        {
            if (!next.Panes.ContainsKey(start))
            {
                removed.Add(start);
            }
        }

        return new ProductWindowsDelta(next.ProductId, changed.ToImmutable(), removed.ToImmutable(), next.ClosedThrough);
    }

    /// <summary>The state this delta leads to from (a state equal to) the one it was computed from.</summary>
    public ProductWindowsState ApplyTo(ProductWindowsState previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (!string.Equals(previous.ProductId, ProductId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A delta of product '{ProductId}' cannot apply to product '{previous.ProductId}'.", nameof(previous));
        }

        var panes = previous.Panes.RemoveRange(Removed.IsDefault ? [] : Removed).SetItems(Changed ?? ImmutableSortedDictionary<long, ProductPane>.Empty);
        return new ProductWindowsState(ProductId, panes, ClosedThrough);
    }
}
