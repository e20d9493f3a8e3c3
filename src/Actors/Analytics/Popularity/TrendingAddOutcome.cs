namespace Streaming.Analytics.Popularity;

/// <summary>What <see cref="TrendingAggregator.Add"/> did with a record.</summary>
public enum TrendingAddOutcome
{
    /// <summary>The record was collected.</summary>
    Added,

    /// <summary>The same window and product was already collected with the same content (a re-delivery): ignored.</summary>
    Duplicate,

    /// <summary>The same window and product was already collected with different content: the first is kept.</summary>
    Conflicting,

    /// <summary>The record's window was already released: ignored (each window is released once).</summary>
    AlreadyReleased,
}
