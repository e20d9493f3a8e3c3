namespace Streaming.Analytics.Anomalies;

/// <summary>Order anomaly rule configuration (SPEC §3.3); every property has the spec's default.</summary>
public sealed record AnomalyOptions
{
    /// <summary>The defaults.</summary>
    public static AnomalyOptions Default { get; } = new();

    /// <summary>HIGH_VALUE fires when the first event of an order has total_amount ≥ this (1,000,000).</summary>
    public decimal HighValueThreshold { get; init; } = 1_000_000m;

    /// <summary>HIGH_VALUE is CRITICAL instead of HIGH at total_amount ≥ this (5,000,000).</summary>
    public decimal CriticalValueThreshold { get; init; } = 5_000_000m;

    /// <summary>HIGH_FREQUENCY looks at orders created in <c>(t − this, t]</c> (10 min).</summary>
    public TimeSpan FrequencyWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>HIGH_FREQUENCY fires when that count reaches this (5).</summary>
    public int FrequencyCount { get; init; } = 5;

    /// <summary>AMOUNT_SPIKE fires when an order's amount &gt; this × the mean of the user's earlier orders (5).</summary>
    public decimal SpikeFactor { get; init; } = 5m;

    /// <summary>AMOUNT_SPIKE needs at least this many earlier created orders (3).</summary>
    public int SpikeMinHistory { get; init; } = 3;

    /// <summary>CARD_TESTING needs at least this many payment failures before the paid event (3).</summary>
    public int CardTestingFailures { get; init; } = 3;

    /// <summary>CARD_TESTING: the paid event is at most this long after the first failure (15 min).</summary>
    public TimeSpan CardTestingWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>TOTAL_MISMATCH fires when |total − Σ price × quantity| &gt; this fraction of the total (0.01 = 1 %).</summary>
    public decimal MismatchTolerance { get; init; } = 0.01m;

    /// <summary>ORDER_STALLED fires when a created order has no paid or cancelled event within this (30 min).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long after an order's last event (in event time) its per-order memory is kept: the once-per-order flags of
    /// HIGH_VALUE and TOTAL_MISMATCH, the duplicate-created check and the lifecycle state (7 days). An order seen again
    /// after that is treated as new. Not in the spec: the memory has to end somewhere.
    /// </summary>
    public TimeSpan OrderRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How many recent alerts a user's state keeps for <c>GET /api/v1/analytics/users/{user_id}/alerts</c>.</summary>
    public int RecentAlerts { get; init; } = 50;
}
