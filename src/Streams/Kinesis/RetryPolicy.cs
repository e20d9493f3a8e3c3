namespace Streaming.Streams.Kinesis;

/// <summary>
/// Exponential backoff with jitter for records Kinesis did not accept (throttling, transient
/// failures, an unreachable endpoint). The ceiling of the n-th retry is
/// <c>min(MaxBackoff, BaseBackoff · 2^(n−1))</c>; <see cref="Jitter"/> picks the delay under it.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Ceiling of the first retry's delay.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Largest delay between two attempts of the same record.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How the delay is chosen under its ceiling.</summary>
    public JitterMode Jitter { get; init; } = JitterMode.Full;

    /// <summary>Attempts per record (the first send included) before the forwarding fails; null retries
    /// without bound (the forwarding reports <see cref="ForwarderState.Retrying"/> meanwhile).</summary>
    public int? MaxAttempts { get; init; }

    public static RetryPolicy Default { get; } = new();

    /// <summary>The ceiling of the delay before retry number <paramref name="retry"/> (1 for the first retry).</summary>
    public TimeSpan Ceiling(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var exponent = Math.Min(retry - 1, 62);
        var ticks = BaseBackoff.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxBackoff.Ticks ? MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The delay before retry number <paramref name="retry"/>; <paramref name="unit"/> is a uniform
    /// random number in [0, 1) (passed in so the choice is a pure function).</summary>
    public TimeSpan Delay(int retry, double unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unit, 1.0);
        var ceiling = Ceiling(retry);
        return Jitter switch
        {
            JitterMode.Full => TimeSpan.FromTicks((long)(ceiling.Ticks * unit)),
            JitterMode.Equal => TimeSpan.FromTicks(ceiling.Ticks / 2 + (long)(ceiling.Ticks / 2 * unit)),
            _ => ceiling,
        };
    }

    /// <summary>True when a record that has been sent <paramref name="attempts"/> times may not be sent again.</summary>
    public bool Exhausted(int attempts) => MaxAttempts is { } max && attempts >= max;

    public RetryPolicy Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseBackoff, TimeSpan.Zero, nameof(BaseBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, BaseBackoff, nameof(MaxBackoff));
        if (!Enum.IsDefined(Jitter)) throw new ArgumentOutOfRangeException(nameof(Jitter), Jitter, "Unknown jitter mode.");
        if (MaxAttempts is { } max) ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(MaxAttempts));
        return this;
    }
}
