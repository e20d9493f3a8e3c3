using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Streaming.Streams.Cdc.Tests.Logic;

/// <summary><see cref="PgTemporal"/> against .NET's calendar (years 1–9999) and hand-worked values.</summary>
public sealed class PgTemporalTests
{
    private static readonly Gen<DateTime> Instants =
        from day in Gen.Choose(0, DateOnly.MaxValue.DayNumber)
        from second in Gen.Choose(0, 86_399)
        from micro in Gen.OneOf(Gen.Constant(0), Gen.Choose(0, 999_999)) // PostgreSQL keeps microseconds
        select DateTime.SpecifyKind(DateOnly.FromDayNumber(day).ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc)
            .AddTicks(second * TimeSpan.TicksPerSecond + micro * 10L);

    /// <summary>PostgreSQL's ISO text: the fraction without trailing zeros, none when zero.</summary>
    private static string PgText(DateTime t)
    {
        var fraction = (t.Ticks % TimeSpan.TicksPerSecond / 10).ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
        return t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : "");
    }

    private static long Micros(DateTime t) => (t - DateTime.UnixEpoch).Ticks / 10;

    [Property(MaxTest = 1000)]
    public Property Timestamps_are_microseconds_since_the_epoch() =>
        Prop.ForAll(Instants.ToArbitrary(), t => PgTemporal.ParseTimestamp(PgText(t)) == Micros(t));

    [Property(MaxTest = 1000)]
    public Property Dates_are_days_since_the_epoch() =>
        Prop.ForAll(Instants.ToArbitrary(), t =>
            PgTemporal.ParseDate(t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) == DateOnly.FromDateTime(t).DayNumber - new DateOnly(1970, 1, 1).DayNumber);

    [Property(MaxTest = 1000)]
    public Property Timestamps_with_time_zone_are_read_in_their_offset_and_written_in_UTC() =>
        Prop.ForAll(Instants.ToArbitrary(), Gen.Choose(-15 * 4, 14 * 4).ToArbitrary(), (t, quarters) =>
        {
            var offset = TimeSpan.FromMinutes(15 * quarters);
            if (t + offset < DateTime.MinValue.AddDays(1) || t + offset > DateTime.MaxValue.AddDays(-1)) return true;
            var local = t + offset;
            var sign = offset < TimeSpan.Zero ? "-" : "+";
            var text = PgText(local) + sign + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
            var utc = PgTemporal.ParseTimestampTz(text);
            return utc == Micros(t)
                && PgTemporal.FormatZonedTimestamp(utc!.Value, 6) == t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "Z";
        });

    [Fact]
    public void Before_Christ_dates_continue_the_calendar_backwards()
    {
        // 1 BC is year 0 of the proleptic calendar and a leap year; 0001-01-01 AD follows 0001-12-31 BC.
        Assert.Equal(PgTemporal.ParseDate("0001-01-01"), PgTemporal.ParseDate("0001-12-31 BC") + 1);
        Assert.Equal(new DateOnly(1, 1, 1).DayNumber - new DateOnly(1970, 1, 1).DayNumber - 366, PgTemporal.ParseDate("0001-01-01 BC"));
        Assert.Equal(PgTemporal.ParseDate("0001-03-01 BC"), PgTemporal.ParseDate("0001-02-29 BC") + 1);
        Assert.Equal(PgTemporal.ParseDate("0005-03-01 BC"), PgTemporal.ParseDate("0005-02-29 BC") + 1);
        Assert.Equal(PgTemporal.ParseDate("0002-03-01 BC"), PgTemporal.ParseDate("0002-02-28 BC") + 1);
        Assert.Equal(PgTemporal.ParseDate("0001-01-01 BC") * PgTemporal.MicrosPerDay + 3_600_000_000, PgTemporal.ParseTimestamp("0001-01-01 01:00:00 BC"));
        Assert.Equal("-0043-03-15T12:00:00.000000Z", PgTemporal.FormatZonedTimestamp(PgTemporal.ParseTimestampTz("0044-03-15 12:00:00+00 BC")!.Value, 6));
    }

    [Fact]
    public void Years_beyond_9999_are_signed_as_Java_writes_them()
    {
        Assert.Equal("+12345-06-07T00:00:00Z", PgTemporal.FormatZonedTimestamp(PgTemporal.ParseTimestampTz("12345-06-07 00:00:00+00")!.Value, 0));
    }

    [Theory]
    [InlineData("2024-01-02 03:04:05+00", 0, "2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02 03:04:05.5+00", 0, "2024-01-02T03:04:05.5Z")]
    [InlineData("2024-01-02 03:04:05.5+00", 3, "2024-01-02T03:04:05.500Z")]
    [InlineData("2024-01-02 03:04:05.123456+00", 2, "2024-01-02T03:04:05.12Z")]
    [InlineData("2024-01-01 00:30:00+05:30:15", 6, "2023-12-31T18:59:45.000000Z")]
    [InlineData("1969-12-31 23:59:59.999999-01", 6, "1970-01-01T00:59:59.999999Z")]
    public void Zoned_timestamps_have_the_column_precision_in_fraction_digits(string text, int precision, string expected) =>
        Assert.Equal(expected, PgTemporal.FormatZonedTimestamp(PgTemporal.ParseTimestampTz(text)!.Value, precision));

    [Theory]
    [InlineData("00:00:00", 0L)]
    [InlineData("1 day", 86_400_000_000L)]
    [InlineData("-1 days +02:03:00", -79_020_000_000L)]
    [InlineData("1 mon", 2_629_800_000_000L)] // 30.4375 days
    [InlineData("1 year", 31_557_600_000_000L)] // 365.25 days
    [InlineData("-00:00:01.5", -1_500_000L)]
    [InlineData("100:00:00", 360_000_000_000L)]
    [InlineData("-1 years -2 mons +3 days -04:05:06.25", -36_572_706_250_000L)] // -426.125 + 3 = -423.125 days, then -4 h -5 min -6.25 s
    public void Intervals_are_Debezium_micro_durations(string text, long micros) =>
        Assert.Equal(micros, PgTemporal.ParseInterval(text));

    [Theory]
    [InlineData("00:00:00", 0L)]
    [InlineData("23:59:59.999999", 86_399_999_999L)]
    [InlineData("24:00:00", 86_400_000_000L)]
    [InlineData("12:00:00.5", 43_200_500_000L)]
    public void Times_are_microseconds_past_midnight(string text, long micros) => Assert.Equal(micros, PgTemporal.ParseTime(text));

    [Theory]
    [InlineData("10:15:30+02", "08:15:30Z")]
    [InlineData("00:30:00+01", "23:30:00Z")]
    [InlineData("23:30:00.25-01", "00:30:00.25Z")]
    public void Times_with_time_zone_are_written_in_UTC(string text, string expected) =>
        Assert.Equal(expected, PgTemporal.FormatZonedTime(PgTemporal.ParseTimeTz(text)));

    [Theory]
    [InlineData("2024-13-01")]
    [InlineData("2024-01-01 12:00")]
    [InlineData("today")]
    [InlineData("2024-01-01 12:00:00 AD")]
    public void Malformed_text_is_refused(string text) => Assert.Throws<FormatException>(() => PgTemporal.ParseTimestamp(text));
}
