using System.Globalization;

namespace Streaming.Crosscheck.Results;

/// <summary>Result and input times: ISO-8601 instants taken at millisecond precision (truncated), UTC.</summary>
public static class ResultTime
{
    /// <summary>
    /// Parses an ISO-8601 date-time (<c>2026-11-25T10:00:00.123Z</c>, an offset, or none for UTC; a space instead of
    /// <c>T</c> is accepted) and truncates it to whole milliseconds. Anything else, dates alone included, is refused.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length < 16 || text.Length > 64 || !LooksLikeDateTime(text))
        {
            return false;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        value = FromMilliseconds(parsed.ToUnixTimeMilliseconds());
        return true;
    }

    /// <summary>The instant <paramref name="ms"/> milliseconds after the Unix epoch, in UTC.</summary>
    public static DateTimeOffset FromMilliseconds(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>The result format of an instant: <c>2026-11-25T10:00:00.123Z</c>.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(UtcMillisecondsConverter.Format, CultureInfo.InvariantCulture);

    private static bool LooksLikeDateTime(string text) =>
        char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2]) && char.IsAsciiDigit(text[3])
        && text[4] == '-' && char.IsAsciiDigit(text[5]) && char.IsAsciiDigit(text[6]) && text[7] == '-'
        && char.IsAsciiDigit(text[8]) && char.IsAsciiDigit(text[9]) && text[10] is 'T' or 't' or ' ';
}
