using System.Globalization;
using System.Text;

namespace Streaming.Streams.Cdc;

/// <summary>
/// PostgreSQL's text output of dates, times and intervals (DateStyle ISO, IntervalStyle postgres, as the connector
/// sets them on its sessions) turned into Debezium's default values. Years are proleptic Gregorian, BC years
/// included, so every value PostgreSQL can hold converts.
/// </summary>
internal static class PgTemporal
{
    /// <summary>What Debezium writes for timestamp 'infinity' (the PostgreSQL JDBC driver's constant).</summary>
    public const long PositiveInfinityTimestamp = 9223372036825200000;

    /// <summary>What Debezium writes for timestamp '-infinity'.</summary>
    public const long NegativeInfinityTimestamp = -9223372036832400000;

    public const long MicrosPerSecond = 1_000_000;
    public const long MicrosPerDay = 86_400 * MicrosPerSecond;

    /// <summary>Debezium's average month for interval microseconds.</summary>
    private const double DaysPerMonth = 365.25 / 12.0;

    /// <summary>Days since 1970-01-01 of "YYYY-MM-DD[ BC]"; int.MaxValue / int.MinValue for ±infinity.</summary>
    public static long ParseDate(string text)
    {
        if (text == "infinity") return int.MaxValue;
        if (text == "-infinity") return int.MinValue;
        var pos = 0;
        var date = ReadDate(text, ref pos);
        var days = Days(text, date, ref pos);
        ExpectEnd(text, pos);
        return days;
    }

    /// <summary>Microseconds past midnight of "HH:MM:SS[.ffffff]" (24:00:00 allowed, as PostgreSQL does).</summary>
    public static long ParseTime(string text)
    {
        var pos = 0;
        var micros = ReadTime(text, ref pos);
        ExpectEnd(text, pos);
        return micros;
    }

    /// <summary>Microseconds since the epoch of a timestamp without time zone, read as UTC.</summary>
    public static long ParseTimestamp(string text)
    {
        if (text == "infinity") return PositiveInfinityTimestamp;
        if (text == "-infinity") return NegativeInfinityTimestamp;
        var pos = 0;
        var date = ReadDate(text, ref pos);
        Expect(text, ref pos, ' ');
        var micros = ReadTime(text, ref pos);
        var days = Days(text, date, ref pos);
        ExpectEnd(text, pos);
        return days * MicrosPerDay + micros;
    }

    /// <summary>Microseconds since the epoch (UTC) of a timestamp with time zone, or null for ±infinity.</summary>
    public static long? ParseTimestampTz(string text)
    {
        if (text is "infinity" or "-infinity") return null;
        var pos = 0;
        var date = ReadDate(text, ref pos);
        Expect(text, ref pos, ' ');
        var micros = ReadTime(text, ref pos);
        var offset = ReadOffset(text, ref pos);
        var days = Days(text, date, ref pos);
        ExpectEnd(text, pos);
        return days * MicrosPerDay + micros - offset * MicrosPerSecond;
    }

    /// <summary>Microseconds past midnight UTC of a time with time zone (wrapped into one day).</summary>
    public static long ParseTimeTz(string text)
    {
        var pos = 0;
        var micros = ReadTime(text, ref pos);
        var offset = ReadOffset(text, ref pos);
        ExpectEnd(text, pos);
        var utc = (micros - offset * MicrosPerSecond) % MicrosPerDay;
        return utc < 0 ? utc + MicrosPerDay : utc;
    }

    /// <summary>
    /// Debezium's MicroDuration of an interval in IntervalStyle postgres ("1 year 2 mons -3 days +04:05:06.5"):
    /// the fields summed with a month of 365.25/12 days, in double precision as Debezium computes it.
    /// </summary>
    public static long ParseInterval(string text)
    {
        int years = 0, months = 0, days = 0, hours = 0, minutes = 0;
        double seconds = 0;
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.Contains(':', StringComparison.Ordinal))
            {
                var negative = token[0] == '-';
                var body = token[0] is '-' or '+' ? token[1..] : token;
                var parts = body.Split(':');
                if (parts.Length != 3) throw new FormatException($"interval time '{token}'");
                var sign = negative ? -1 : 1;
                hours = sign * int.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture);
                minutes = sign * int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
                seconds = sign * double.Parse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                continue;
            }
            if (i + 1 >= tokens.Length) throw new FormatException($"interval '{text}': number without unit");
            var amount = int.Parse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            switch (tokens[++i])
            {
                case "year" or "years": years = amount; break;
                case "mon" or "mons": months = amount; break;
                case "day" or "days": days = amount; break;
                default: throw new FormatException($"interval '{text}': unit '{tokens[i]}'");
            }
        }
        var numberOfDays = ((years * 12) + months) * DaysPerMonth + days;
        var numberOfSeconds = ((((numberOfDays * 24) + hours) * 60) + minutes) * 60 + seconds;
        return (long)(numberOfSeconds * 1e6);
    }

    /// <summary>ISO-8601 in UTC as Debezium's ZonedTimestamp writes it: a fixed number of fraction digits (the
    /// column's precision), or, for precision 0, only the digits the value needs.</summary>
    public static string FormatZonedTimestamp(long utcMicros, int fractionDigits)
    {
        var days = FloorDiv(utcMicros, MicrosPerDay);
        var micros = utcMicros - days * MicrosPerDay;
        var (year, month, day) = CivilFromDays(days);
        var sb = new StringBuilder(32);
        AppendYear(sb, year);
        sb.Append('-').Append(Two(month)).Append('-').Append(Two(day)).Append('T');
        AppendClock(sb, micros, fractionDigits);
        return sb.Append('Z').ToString();
    }

    /// <summary>ISO-8601 time in UTC as Debezium's ZonedTime writes it ("10:15:30Z", "10:15:30.5Z").</summary>
    public static string FormatZonedTime(long utcMicrosOfDay)
    {
        var sb = new StringBuilder(24);
        AppendClock(sb, utcMicrosOfDay, 0);
        return sb.Append('Z').ToString();
    }

    /// <summary>Floor division, so that instants before the epoch land on the right day and millisecond.</summary>
    public static long FloorDiv(long value, long divisor)
    {
        var q = value / divisor;
        return (value % divisor != 0 && ((value < 0) != (divisor < 0))) ? q - 1 : q;
    }

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date with astronomical year numbering (1 BC = 0).</summary>
    public static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - era * 400;
        var dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097 + dayOfEra - 719468;
    }

    public static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719468;
        var era = (days >= 0 ? days : days - 146096) / 146097;
        var dayOfEra = days - era * 146097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var mp = (5 * dayOfYear + 2) / 153;
        var day = (int)(dayOfYear - (153 * mp + 2) / 5 + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        var year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return (year, month, day);
    }

    private static void AppendClock(StringBuilder sb, long micros, int fractionDigits)
    {
        var seconds = micros / MicrosPerSecond;
        var fraction = micros % MicrosPerSecond;
        sb.Append(Two((int)(seconds / 3600))).Append(':').Append(Two((int)(seconds / 60 % 60))).Append(':').Append(Two((int)(seconds % 60)));
        var digits = fraction.ToString("D6", CultureInfo.InvariantCulture) + "000";
        if (fractionDigits > 0)
        {
            sb.Append('.').Append(digits.AsSpan(0, Math.Min(fractionDigits, 9)));
        }
        else if (fraction != 0)
        {
            sb.Append('.').Append(digits.AsSpan().TrimEnd('0'));
        }
    }

    /// <summary>Java's ISO_LOCAL_DATE year: four digits, a sign when negative or beyond 9999.</summary>
    private static void AppendYear(StringBuilder sb, long year)
    {
        if (year > 9999) sb.Append('+');
        else if (year < 0) sb.Append('-');
        sb.Append(Math.Abs(year).ToString("D4", CultureInfo.InvariantCulture));
    }

    private static string Two(int value) => value.ToString("D2", CultureInfo.InvariantCulture);

    private static (long Year, int Month, int Day) ReadDate(string text, ref int pos)
    {
        var year = ReadNumber(text, ref pos, 4, 9);
        Expect(text, ref pos, '-');
        var month = (int)ReadNumber(text, ref pos, 2, 2);
        Expect(text, ref pos, '-');
        var day = (int)ReadNumber(text, ref pos, 2, 2);
        if (month is < 1 or > 12 || day is < 1 or > 31) throw new FormatException($"date '{text}'");
        return (year, month, day);
    }

    /// <summary>Days since the epoch of the date, after reading a trailing " BC" (year N BC is astronomical year 1 - N).</summary>
    private static long Days(string text, (long Year, int Month, int Day) date, ref int pos)
    {
        var year = date.Year;
        if (pos + 3 <= text.Length && string.CompareOrdinal(text, pos, " BC", 0, 3) == 0)
        {
            pos += 3;
            year = 1 - year;
        }
        return DaysFromCivil(year, date.Month, date.Day);
    }

    private static long ReadTime(string text, ref int pos)
    {
        var hours = ReadNumber(text, ref pos, 2, 2);
        Expect(text, ref pos, ':');
        var minutes = ReadNumber(text, ref pos, 2, 2);
        Expect(text, ref pos, ':');
        var seconds = ReadNumber(text, ref pos, 2, 2);
        long micros = 0;
        if (pos < text.Length && text[pos] == '.')
        {
            pos++;
            var start = pos;
            var fraction = ReadNumber(text, ref pos, 1, 6);
            for (var digits = pos - start; digits < 6; digits++) fraction *= 10;
            micros = fraction;
        }
        return ((hours * 60 + minutes) * 60 + seconds) * MicrosPerSecond + micros;
    }

    /// <summary>Seconds east of UTC of "+HH[:MM[:SS]]" / "-HH…".</summary>
    private static long ReadOffset(string text, ref int pos)
    {
        if (pos >= text.Length || text[pos] is not ('+' or '-')) throw new FormatException($"no UTC offset in '{text}'");
        var sign = text[pos++] == '-' ? -1 : 1;
        var seconds = ReadNumber(text, ref pos, 2, 2) * 3600;
        if (pos < text.Length && text[pos] == ':')
        {
            pos++;
            seconds += ReadNumber(text, ref pos, 2, 2) * 60;
            if (pos < text.Length && text[pos] == ':')
            {
                pos++;
                seconds += ReadNumber(text, ref pos, 2, 2);
            }
        }
        return sign * seconds;
    }

    private static long ReadNumber(string text, ref int pos, int minDigits, int maxDigits)
    {
        var start = pos;
        long value = 0;
        while (pos < text.Length && pos - start < maxDigits && char.IsAsciiDigit(text[pos]))
            value = value * 10 + (text[pos++] - '0');
        if (pos - start < minDigits) throw new FormatException($"'{text}': expected digits at {start}");
        return value;
    }

    private static void Expect(string text, ref int pos, char c)
    {
        if (pos >= text.Length || text[pos] != c) throw new FormatException($"'{text}': expected '{c}' at {pos}");
        pos++;
    }

    private static void ExpectEnd(string text, int pos)
    {
        if (pos != text.Length) throw new FormatException($"'{text}': unexpected text at {pos}");
    }
}
