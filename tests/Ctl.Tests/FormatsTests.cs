using Streaming.Ctl.Output;

namespace Streaming.Ctl.Tests;

public sealed class FormatsTests
{
    [Theory]
    [InlineData(0.0, "0.0s")]
    [InlineData(4.24, "4.2s")]
    [InlineData(59.9, "59.9s")]
    [InlineData(214.0, "3m 34s")]
    [InlineData(7500.0, "2h 5m")]
    [InlineData(277_200.0, "3d 5h")]
    [InlineData(-1.5, "-1.5s")]
    public void A_delay_reads_in_the_largest_units_that_matter(double seconds, string shown) => Assert.Equal(shown, Formats.Duration(seconds));

    [Theory]
    [InlineData("2026-10-02T16:00:05+02:00", "2026-10-02 14:00:05")]
    [InlineData("2026-10-02T14:00:05.123Z", "2026-10-02 14:00:05")]
    [InlineData("not a time", "not a time")]
    [InlineData(null, "-")]
    public void Timestamps_are_shown_in_utc_and_other_text_as_it_is(string? text, string shown) => Assert.Equal(shown, Formats.Timestamp(text));

    [Theory]
    [InlineData("akka.tcp://streaming@10.0.0.5:4053", "10.0.0.5:4053")]
    [InlineData("10.0.0.5:4053", "10.0.0.5:4053")]
    public void An_owner_reads_as_host_and_port(string address, string shown) => Assert.Equal(shown, Formats.HostPort(address));
}
