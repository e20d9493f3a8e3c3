namespace Streaming.Example.PageCounts;

/// <summary>Bound from <c>Streaming:Analytics</c>, like every analytic's options.</summary>
public sealed record PageCountsOptions
{
    public TimeSpan PageCountWindow { get; init; } = TimeSpan.FromMinutes(1);
}
