using Streaming.Analytics.Keyed;

namespace Streaming.Analytics.Popularity;

/// <summary>The registration of product popularity and trending.</summary>
public sealed class PopularityModule : AnalyticModule<PopularityOptions>
{
    public override string Name => "popularity";

    public override IAnalytic Create(PopularityOptions options) => new PopularityAnalytic(options.Validated());
}
