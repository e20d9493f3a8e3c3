using System.Collections.Immutable;

namespace Streaming.Actors.Products;

/// <summary>The outcome of <see cref="ProductWindowsLogic.Close"/>.</summary>
/// <param name="State">The new state.</param>
/// <param name="Closed">The windows that closed, as output records, in window order.</param>
public sealed record ProductCloseResult(ProductWindowsState State, ImmutableArray<ProductPopularity> Closed);
