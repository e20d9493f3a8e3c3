using System.Collections.Immutable;
using Streaming.Actors.Products;

namespace Streaming.Actors.Entities;

/// <summary>
/// One product partition's step: the window records it published (before the watermark that closed
/// them), its watermark, and the window ends of trending records it has since seen acknowledged.
/// </summary>
public sealed record TrendingContribution(
    string EntityId,
    int Partition,
    int PartitionCount,
    ImmutableArray<ProductPopularity> Records,
    DateTimeOffset Watermark,
    ImmutableArray<DateTimeOffset> Published) : IEntityMessage;

/// <summary>The trending records released and not yet confirmed as published: the caller publishes them.</summary>
public sealed record TrendingAccepted(ImmutableArray<TrendingProducts> Unpublished);

/// <summary>The trending aggregator's snapshot: the aggregation state and the released, unconfirmed records (events are <see cref="TrendingContribution"/>s).</summary>
public sealed record TrendingCheckpoint(TrendingAggregatorState? State, ImmutableArray<TrendingProducts> Unpublished);
