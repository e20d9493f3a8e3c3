namespace Streaming.Streams.EventTime;

/// <summary>
/// Saturating <see cref="DateTimeOffset"/> arithmetic (results clamp to MinValue/MaxValue instead of
/// throwing) and millisecond truncation. All results are in UTC (offset zero).
/// </summary>
public static class TimeArithmetic
{
    /// <summary><paramref name="time"/> + <paramref name="delta"/>, clamped to the representable range, in UTC.</summary>
    public static DateTimeOffset SaturatingAdd(DateTimeOffset time, TimeSpan delta)
    {
        var ticks = time.UtcTicks;
        long result;
        if (delta.Ticks >= 0)
        {
            result = delta.Ticks > DateTimeOffset.MaxValue.UtcTicks - ticks
                ? DateTimeOffset.MaxValue.UtcTicks
                : ticks + delta.Ticks;
        }
        else
        {
            result = delta.Ticks < DateTimeOffset.MinValue.UtcTicks - ticks
                ? DateTimeOffset.MinValue.UtcTicks
                : ticks + delta.Ticks;
        }

        return new DateTimeOffset(result, TimeSpan.Zero);
    }

    /// <summary><paramref name="time"/> − <paramref name="delta"/>, clamped to the representable range, in UTC.</summary>
    public static DateTimeOffset SaturatingSubtract(DateTimeOffset time, TimeSpan delta) =>
        delta == TimeSpan.MinValue
            ? SaturatingAdd(SaturatingAdd(time, TimeSpan.MaxValue), TimeSpan.FromTicks(1))
            : SaturatingAdd(time, -delta);

    /// <summary>The instant in UTC, truncated (towards the past) to whole milliseconds.</summary>
    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>The later of two instants, in UTC.</summary>
    public static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => (a >= b ? a : b).ToUniversalTime();

    /// <summary>The earlier of two instants, in UTC.</summary>
    public static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => (a <= b ? a : b).ToUniversalTime();
}
