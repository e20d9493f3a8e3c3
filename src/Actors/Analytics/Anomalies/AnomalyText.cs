using System.Globalization;
using Streaming.Streams.Contracts;
using Streaming.Streams.EventTime;

namespace Streaming.Analytics.Anomalies;

/// <summary>Invariant formatting for alert descriptions and late reasons.</summary>
internal static class AnomalyText
{
    public static DateTimeOffset Ms(DateTimeOffset time) => TimeArithmetic.TruncateToMilliseconds(time);

    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The same value with the smallest scale (no trailing zeros).</summary>
    public static decimal Canonical(decimal value) => value / 1.0000000000000000000000000000m;

    public static string LateReason(DateTimeOffset time, DateTimeOffset watermark) =>
        Invariant($"order rules: event time {Iso(Ms(time))} is before the watermark {Iso(watermark)}");
}
