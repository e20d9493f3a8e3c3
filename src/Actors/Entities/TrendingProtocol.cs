using System.Collections.Immutable;
using Streaming.Actors.Products;

namespace Streaming.Actors.Entities;

/// <summary>
/// One product partition's step: of the window records it published (before the watermark that closed them) the
/// candidates for the trending lists and every product of each window (<paramref name="Products"/>; contributions of
/// earlier versions carry every record and no products), its watermark, and the window ends of trending records it
/// has since seen acknowledged. <paramref name="Active"/>: the partition has seen events and is not idle, so the
/// combined watermark waits for it.
/// </summary>
public sealed record TrendingContribution(
    string EntityId,
    int Partition,
    int PartitionCount,
    ImmutableArray<ProductPopularity> Records,
    DateTimeOffset Watermark,
    ImmutableArray<DateTimeOffset> Published,
    ImmutableArray<WindowProducts> Products = default,
    bool Active = true) : IEntityMessage;

/// <summary>The products that had a record of one window in a partition.</summary>
public sealed record WindowProducts(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, ImmutableArray<string> ProductIds);

/// <summary>The trending records released and not yet confirmed as published: the caller publishes them.</summary>
public sealed record TrendingAccepted(ImmutableArray<TrendingProducts> Unpublished);

/// <summary>The trending aggregator's snapshot: the aggregation state and the released, unconfirmed records (events are <see cref="TrendingContribution"/>s).</summary>
public sealed record TrendingCheckpoint(TrendingAggregatorState? State, ImmutableArray<TrendingProducts> Unpublished);
