using Streaming.Actors.Orders;
using Streaming.Actors.Products;

namespace Streaming.Actors.Engine;

/// <summary>Settings of section <c>Streaming:Analytics</c>: the windows, bounds and thresholds of SPEC §3.</summary>
public sealed record AnalyticsOptions
{
    public const string Section = "Streaming:Analytics";

    /// <summary>Out-of-orderness bound B of every partition watermark.</summary>
    public TimeSpan OutOfOrderness { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Wall-clock quiet time after which a partition's watermark follows the wall clock.</summary>
    public TimeSpan IdleAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Session gap G (SPEC §3.1).</summary>
    public TimeSpan SessionGap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Sliding window size W of product popularity (SPEC §3.2).</summary>
    public TimeSpan ProductWindow { get; init; } = PopularityOptions.DefaultWindow;

    /// <summary>Slide S of product popularity windows (SPEC §3.2); W must be a whole multiple of it.</summary>
    public TimeSpan ProductSlide { get; init; } = PopularityOptions.DefaultSlide;

    /// <summary>Products per trending list N (SPEC §3.2).</summary>
    public int TrendingTopN { get; init; } = PopularityOptions.DefaultTopN;

    /// <summary>HIGH_VALUE threshold (SPEC §3.3).</summary>
    public decimal HighValueThreshold { get; init; } = AnomalyOptions.Default.HighValueThreshold;

    /// <summary>HIGH_VALUE is CRITICAL at or above this.</summary>
    public decimal CriticalValueThreshold { get; init; } = AnomalyOptions.Default.CriticalValueThreshold;

    /// <summary>HIGH_FREQUENCY window.</summary>
    public TimeSpan FrequencyWindow { get; init; } = AnomalyOptions.Default.FrequencyWindow;

    /// <summary>HIGH_FREQUENCY count of created orders in the window.</summary>
    public int FrequencyCount { get; init; } = AnomalyOptions.Default.FrequencyCount;

    /// <summary>AMOUNT_SPIKE factor over the mean of earlier orders.</summary>
    public decimal SpikeFactor { get; init; } = AnomalyOptions.Default.SpikeFactor;

    /// <summary>AMOUNT_SPIKE minimum number of earlier orders.</summary>
    public int SpikeMinHistory { get; init; } = AnomalyOptions.Default.SpikeMinHistory;

    /// <summary>CARD_TESTING minimum number of payment failures.</summary>
    public int CardTestingFailures { get; init; } = AnomalyOptions.Default.CardTestingFailures;

    /// <summary>CARD_TESTING window from the first failure.</summary>
    public TimeSpan CardTestingWindow { get; init; } = AnomalyOptions.Default.CardTestingWindow;

    /// <summary>TOTAL_MISMATCH tolerance as a fraction of the total (0.01 = 1 %).</summary>
    public decimal MismatchTolerance { get; init; } = AnomalyOptions.Default.MismatchTolerance;

    /// <summary>ORDER_STALLED timeout after created.</summary>
    public TimeSpan StallTimeout { get; init; } = AnomalyOptions.Default.StallTimeout;

    /// <summary>How long (event time) per-order memory is kept after the order's last event.</summary>
    public TimeSpan OrderRetention { get; init; } = AnomalyOptions.Default.OrderRetention;

    /// <summary>How many recent alerts a user's entity keeps for the live query.</summary>
    public int RecentAlerts { get; init; } = 50;

    public PopularityOptions Popularity() => new(ProductWindow, ProductSlide, TrendingTopN);

    public AnomalyOptions Anomalies() => new()
    {
        HighValueThreshold = HighValueThreshold,
        CriticalValueThreshold = CriticalValueThreshold,
        FrequencyWindow = FrequencyWindow,
        FrequencyCount = FrequencyCount,
        SpikeFactor = SpikeFactor,
        SpikeMinHistory = SpikeMinHistory,
        CardTestingFailures = CardTestingFailures,
        CardTestingWindow = CardTestingWindow,
        MismatchTolerance = MismatchTolerance,
        StallTimeout = StallTimeout,
        OrderRetention = OrderRetention,
    };
}
