using System.Collections.Immutable;
using Streaming.Actors.Products;

namespace Streaming.Actors.Entities;

/// <summary>Live query: a product's open windows as they would be emitted now (<paramref name="PartitionId"/>: the product's <c>product_analytics</c> partition).</summary>
public sealed record GetProductWindows(string EntityId, string? PartitionId = null) : IEntityMessage, IPartitionScoped;

public sealed record ProductWindowsView(string ProductId, ImmutableArray<ProductPopularity> Open);
