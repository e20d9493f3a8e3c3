using System.Collections.Immutable;

namespace Streaming.Analytics.Popularity;

/// <summary>
/// What a product partition hands the trending combiner for the window records it published: the candidates for the
/// lists (its top N overall and per category, <see cref="TrendingLogic.Candidates"/>) and every product of each window,
/// for the window's product count.
/// </summary>
public sealed record TrendingPart(ImmutableArray<ProductPopularity> Candidates, ImmutableArray<WindowProducts> Windows);

/// <summary>The products that had a record of one window in a partition.</summary>
public sealed record WindowProducts(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, ImmutableArray<string> ProductIds);
