using System.Collections.Immutable;

namespace Streaming.Analytics.Popularity;

/// <summary>The outcome of <see cref="TrendingAggregator.Release"/>.</summary>
/// <param name="State">The new state, without the released windows.</param>
/// <param name="Released">One trending record per released window, in window order.</param>
public sealed record TrendingReleaseResult(TrendingAggregatorState State, ImmutableArray<TrendingProducts> Released);
