using Streaming.Analytics.Anomalies;
using Streaming.Analytics.Popularity;
using Streaming.Analytics.Sessions;
using Streaming.Engine.Processing;

namespace Streaming.Crosscheck.Tests.Flink;

/// <summary>
/// The product's analytics defaults, read from where the product defines them (each module's options under
/// Streaming:Analytics, event time in the engine). This is the one file of the tests that knows those places: when
/// the options move, only it changes.
/// </summary>
internal static class ConfiguredDefaults
{
    private static readonly EventTimeOptions Time = new();
    private static readonly SessionOptions Sessions = new();
    private static readonly PopularityOptions Popularity = new();
    private static readonly AnomalyOptions Anomalies = new();

    public static TimeSpan OutOfOrderness => Time.OutOfOrderness;

    public static TimeSpan IdleAfter => Time.IdleAfter;

    public static TimeSpan SessionGap => Sessions.SessionGap;

    public static TimeSpan ProductWindow => Popularity.ProductWindow;

    public static TimeSpan ProductSlide => Popularity.ProductSlide;

    public static int TrendingTopN => Popularity.TrendingTopN;

    public static decimal HighValueThreshold => Anomalies.HighValueThreshold;

    public static decimal CriticalValueThreshold => Anomalies.CriticalValueThreshold;

    public static TimeSpan FrequencyWindow => Anomalies.FrequencyWindow;

    public static int FrequencyCount => Anomalies.FrequencyCount;

    public static decimal SpikeFactor => Anomalies.SpikeFactor;

    public static int SpikeMinHistory => Anomalies.SpikeMinHistory;

    public static int CardTestingFailures => Anomalies.CardTestingFailures;

    public static TimeSpan CardTestingWindow => Anomalies.CardTestingWindow;

    public static decimal MismatchTolerance => Anomalies.MismatchTolerance;

    public static TimeSpan StallTimeout => Anomalies.StallTimeout;

    public static TimeSpan OrderRetention => Anomalies.OrderRetention;
}
