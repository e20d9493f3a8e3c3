namespace Streaming.Analytics.Popularity;

/// <summary>The outcome of <see cref="TrendingAggregator.Add"/>.</summary>
/// <param name="State">The new state (unchanged unless <see cref="Outcome"/> is <see cref="TrendingAddOutcome.Added"/>).</param>
/// <param name="Outcome">What happened to the record.</param>
public sealed record TrendingAddResult(TrendingAggregatorState State, TrendingAddOutcome Outcome);
