using Streaming.Analytics.Anomalies;
using Streaming.Analytics.Keyed;
using Streaming.Analytics.Popularity;
using Streaming.Analytics.Sessions;

namespace Streaming.Nodes;

/// <summary>The analytics this node runs: one registration line each (an analytic is a folder under src/Actors/Analytics).</summary>
public static class AnalyticModules
{
    public static IReadOnlyList<IAnalyticModule> BuiltIn { get; } =
    [
        new SessionsModule(),
        new PopularityModule(),
        new AnomaliesModule(),
    ];

    /// <summary>The analytics of <paramref name="modules"/> with their options bound from section <c>Streaming:Analytics</c>.</summary>
    public static IReadOnlyList<IAnalytic> Create(IConfiguration configuration, IReadOnlyList<IAnalyticModule> modules)
    {
        var section = configuration.GetSection("Streaming:Analytics");
        return [.. modules.Select(module =>
        {
            var options = section.Get(module.OptionsType) ?? module.DefaultOptions;
            try
            {
                return module.Create(options);
            }
            catch (ArgumentException e)
            {
                throw new StartupException($"invalid setting for {module.Name}: {e.Message}", e);
            }
        })];
    }
}
