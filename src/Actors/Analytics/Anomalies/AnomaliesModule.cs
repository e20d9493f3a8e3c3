using Streaming.Analytics.Keyed;

namespace Streaming.Analytics.Anomalies;

/// <summary>The registration of order anomalies.</summary>
public sealed class AnomaliesModule : AnalyticModule<AnomalyOptions>
{
    public override string Name => "anomalies";

    public override IAnalytic Create(AnomalyOptions options) => new AnomaliesAnalytic(options);
}
