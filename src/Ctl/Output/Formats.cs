using System.Globalization;

namespace Streaming.Ctl.Output;

/// <summary>How times, durations, addresses and lists read in tables: short, UTC, invariant.</summary>
internal static class Formats
{
    /// <summary>Shown where a value is absent (null, missing, not yet known).</summary>
    public const string None = "-";

    /// <summary>A timestamp as <c>2026-10-02 14:00:05</c> (UTC); text that is not one is shown as it is.</summary>
    public static string Timestamp(string? text) => Time(text, "yyyy-MM-dd HH:mm:ss");

    /// <summary>A time of day (UTC) where the date is implied and a delay column says how old it is.</summary>
    public static string TimeOfDay(string? text) => Time(text, "HH:mm:ss");

    /// <summary>Seconds as an operator reads a delay: <c>4.2s</c>, <c>3m 12s</c>, <c>2h 5m</c>, <c>3d 4h</c>.</summary>
    public static string Duration(double seconds)
    {
        var sign = seconds < 0 ? "-" : "";
        var s = Math.Abs(seconds);
        if (s < 60) return sign + s.ToString("0.0", CultureInfo.InvariantCulture) + "s";
        var whole = (long)s;
        return sign + (whole switch
        {
            < 3600 => $"{whole / 60}m {whole % 60}s",
            < 86400 => $"{whole / 3600}h {whole % 3600 / 60}m",
            _ => $"{whole / 86400}d {whole % 86400 / 3600}h",
        });
    }

    /// <summary>An Akka address without its protocol and system (<c>akka.tcp://streaming@10.0.0.5:4053</c> → <c>10.0.0.5:4053</c>).</summary>
    public static string HostPort(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? address : address[(at + 1)..];
    }

    /// <summary><c>1 entity</c>, <c>3 entities</c>.</summary>
    public static string Count(double count, string one, string many) =>
        count.ToString("0.##", CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

    public static string List(IEnumerable<string> items)
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? None : text;
    }

    /// <summary>A timestamp on a line of its own, where the zone is spelt out: <c>2026-10-02 14:00:05 UTC</c>.</summary>
    public static string Moment(string? text) => Timestamp(text) is var shown && shown != None && shown != text ? shown + " UTC" : shown;

    private static string Time(string? text, string format) =>
        text is null ? None
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.UtcDateTime.ToString(format, CultureInfo.InvariantCulture)
            : text;
}
