using System.Globalization;

namespace Streaming.Streams.Contracts;

/// <summary>The one time format of the contracts: UTC with millisecond precision,
/// written as <c>2026-11-25T10:00:00.123Z</c>.</summary>
public static class UtcTimestamp
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The same instant in UTC (offset zero), truncated to whole milliseconds.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    public static string ToWire(DateTimeOffset value) =>
        Normalize(value).ToString(Format, CultureInfo.InvariantCulture);
}
