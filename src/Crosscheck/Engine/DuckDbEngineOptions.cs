namespace Streaming.Crosscheck.Engine;

/// <summary>
/// The windows, bounds and thresholds of SPEC §3 for the DuckDB engine. The property names are those of the product's
/// section <c>Streaming:Analytics</c>, so that section binds onto this record and both engines run with the same
/// settings; the defaults are SPEC's.
/// </summary>
public sealed record DuckDbEngineOptions
{
    /// <summary>Out-of-orderness bound B: a partition's watermark is the largest event time it has seen minus B (5 s).</summary>
    public TimeSpan OutOfOrderness { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Session gap G: a gap of at least G between a user's events starts a new session (5 min).</summary>
    public TimeSpan SessionGap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Sliding window size W of product popularity (10 min); a whole multiple of <see cref="ProductSlide"/>.</summary>
    public TimeSpan ProductWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Slide S of product popularity windows (1 min); windows are <c>[k·S, k·S + W)</c>.</summary>
    public TimeSpan ProductSlide { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Products per trending list N (10).</summary>
    public int TrendingTopN { get; init; } = 10;

    /// <summary>HIGH_VALUE fires when an order's first event has total_amount at or above this (1,000,000).</summary>
    public decimal HighValueThreshold { get; init; } = 1_000_000m;

    /// <summary>HIGH_VALUE is CRITICAL at or above this (5,000,000).</summary>
    public decimal CriticalValueThreshold { get; init; } = 5_000_000m;

    /// <summary>HIGH_FREQUENCY counts orders created in <c>(t − this, t]</c> (10 min).</summary>
    public TimeSpan FrequencyWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>HIGH_FREQUENCY fires when that count reaches this (5).</summary>
    public int FrequencyCount { get; init; } = 5;

    /// <summary>AMOUNT_SPIKE fires above this factor times the mean of the user's earlier orders (5); at most 6 decimal places.</summary>
    public decimal SpikeFactor { get; init; } = 5m;

    /// <summary>AMOUNT_SPIKE needs at least this many earlier created orders (3).</summary>
    public int SpikeMinHistory { get; init; } = 3;

    /// <summary>CARD_TESTING needs at least this many payment failures before the paid event (3).</summary>
    public int CardTestingFailures { get; init; } = 3;

    /// <summary>CARD_TESTING: the failures are at most this long before the paid event (15 min).</summary>
    public TimeSpan CardTestingWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>TOTAL_MISMATCH tolerance as a fraction of the total (0.01 = 1 %); at most 6 decimal places.</summary>
    public decimal MismatchTolerance { get; init; } = 0.01m;

    /// <summary>ORDER_STALLED fires when a created order has no paid or cancelled event within this (30 min).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Checks every setting; throws <see cref="ArgumentException"/> naming the first that is out of range.</summary>
    public void Validate()
    {
        Positive(SessionGap, nameof(SessionGap));
        Positive(ProductWindow, nameof(ProductWindow));
        Positive(ProductSlide, nameof(ProductSlide));
        Positive(FrequencyWindow, nameof(FrequencyWindow));
        Positive(CardTestingWindow, nameof(CardTestingWindow));
        Positive(StallTimeout, nameof(StallTimeout));
        if (OutOfOrderness < TimeSpan.Zero || OutOfOrderness.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException($"{nameof(OutOfOrderness)} must be zero or more whole milliseconds, not {OutOfOrderness}.");
        }

        if (ProductWindow.Ticks % ProductSlide.Ticks != 0)
        {
            throw new ArgumentException($"{nameof(ProductWindow)} ({ProductWindow}) must be a whole multiple of {nameof(ProductSlide)} ({ProductSlide}).");
        }

        AtLeastOne(TrendingTopN, nameof(TrendingTopN));
        AtLeastOne(FrequencyCount, nameof(FrequencyCount));
        AtLeastOne(CardTestingFailures, nameof(CardTestingFailures));
        if (SpikeMinHistory < 0)
        {
            throw new ArgumentException($"{nameof(SpikeMinHistory)} must not be negative, not {SpikeMinHistory}.");
        }

        Amount(HighValueThreshold, nameof(HighValueThreshold), InputLimits.AmountDecimals);
        Amount(CriticalValueThreshold, nameof(CriticalValueThreshold), InputLimits.AmountDecimals);
        Amount(SpikeFactor, nameof(SpikeFactor), InputLimits.FactorDecimals);
        Amount(MismatchTolerance, nameof(MismatchTolerance), InputLimits.FactorDecimals);
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException($"{name} must be a positive whole number of milliseconds, not {value}.");
        }
    }

    private static void AtLeastOne(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentException($"{name} must be at least 1, not {value}.");
        }
    }

    private static void Amount(decimal value, string name, int decimals)
    {
        if (value < 0 || value > InputLimits.MaxAmount || InputLimits.Scale(value) > decimals)
        {
            throw new ArgumentException($"{name} must be between 0 and {InputLimits.MaxAmount} with at most {decimals} decimal places, not {value}.");
        }
    }
}
