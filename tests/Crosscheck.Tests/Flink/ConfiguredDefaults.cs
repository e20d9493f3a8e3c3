using Streaming.Actors.Engine;

namespace Streaming.Crosscheck.Tests.Flink;

/// <summary>
/// The product's analytics defaults, read from where the product defines them (Streaming:Analytics). This is the one
/// file of the tests that knows that place: when the options move, only it changes.
/// </summary>
internal static class ConfiguredDefaults
{
    private static readonly AnalyticsOptions Options = new();

    public static TimeSpan OutOfOrderness => Options.OutOfOrderness;

    public static TimeSpan IdleAfter => Options.IdleAfter;

    public static TimeSpan SessionGap => Options.SessionGap;

    public static TimeSpan ProductWindow => Options.ProductWindow;

    public static TimeSpan ProductSlide => Options.ProductSlide;

    public static int TrendingTopN => Options.TrendingTopN;

    public static decimal HighValueThreshold => Options.HighValueThreshold;

    public static decimal CriticalValueThreshold => Options.CriticalValueThreshold;

    public static TimeSpan FrequencyWindow => Options.FrequencyWindow;

    public static int FrequencyCount => Options.FrequencyCount;

    public static decimal SpikeFactor => Options.SpikeFactor;

    public static int SpikeMinHistory => Options.SpikeMinHistory;

    public static int CardTestingFailures => Options.CardTestingFailures;

    public static TimeSpan CardTestingWindow => Options.CardTestingWindow;

    public static decimal MismatchTolerance => Options.MismatchTolerance;

    public static TimeSpan StallTimeout => Options.StallTimeout;

    public static TimeSpan OrderRetention => Options.OrderRetention;
}
