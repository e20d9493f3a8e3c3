using Streaming.Analytics.Keyed;

namespace Streaming.Example.PageCounts;

/// <summary>The registration: a name, options bound from <c>Streaming:Analytics</c>, and the analytic they make.</summary>
public sealed class PageCountsModule : AnalyticModule<PageCountsOptions>
{
    public override string Name => "page-counts";

    public override IAnalytic Create(PageCountsOptions options) => new PageCountsAnalytic(options);
}
