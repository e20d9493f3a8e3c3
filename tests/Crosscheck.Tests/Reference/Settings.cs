using Streaming.Crosscheck.Engine;

namespace Streaming.Crosscheck.Tests.Reference;

/// <summary>Short windows and small thresholds, so that generated data hits every edge often.</summary>
public static class Settings
{
    public const long T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    public static DuckDbEngineOptions Options { get; } = new()
    {
        OutOfOrderness = TimeSpan.FromSeconds(2),
        SessionGap = TimeSpan.FromSeconds(10),
        ProductWindow = TimeSpan.FromSeconds(10),
        ProductSlide = TimeSpan.FromSeconds(2),
        TrendingTopN = 3,
        HighValueThreshold = 1_000_000m,
        CriticalValueThreshold = 5_000_000m,
        FrequencyWindow = TimeSpan.FromSeconds(20),
        FrequencyCount = 3,
        SpikeFactor = 5m,
        SpikeMinHistory = 2,
        CardTestingFailures = 3,
        CardTestingWindow = TimeSpan.FromSeconds(15),
        MismatchTolerance = 0.01m,
        StallTimeout = TimeSpan.FromSeconds(10),
    };
}
