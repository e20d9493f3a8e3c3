using System.Collections.Immutable;
using Streaming.Actors.Products;

namespace Streaming.Actors.Entities;

/// <summary>Live query: a product's open windows (as they would be emitted now).</summary>
public sealed record GetProductWindows(string EntityId) : IEntityMessage;

public sealed record ProductWindowsView(string ProductId, ImmutableArray<ProductPopularity> Open);
