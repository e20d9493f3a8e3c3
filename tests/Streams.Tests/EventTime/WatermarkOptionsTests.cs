using Streaming.Streams.EventTime;

namespace Streaming.Streams.Tests.EventTime;

public sealed class WatermarkOptionsTests
{
    [Fact]
    public void DefaultsAreFiveSecondsAndThirtySeconds()
    {
        var options = new WatermarkOptions();
        Assert.Equal(TimeSpan.FromSeconds(5), options.OutOfOrderness);
        Assert.Equal(TimeSpan.FromSeconds(30), options.IdleAfter);
        Assert.Equal(options, WatermarkOptions.Default);
    }

    [Fact]
    public void NullArgumentsTakeDefaults()
    {
        var options = new WatermarkOptions(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), options.OutOfOrderness);
        Assert.Equal(TimeSpan.FromSeconds(30), options.IdleAfter);
        Assert.Equal(TimeSpan.FromSeconds(5), new WatermarkOptions(null, TimeSpan.FromSeconds(2)).OutOfOrderness);
    }

    [Fact]
    public void ZeroOutOfOrdernessIsAllowed()
    {
        Assert.Equal(TimeSpan.Zero, new WatermarkOptions { OutOfOrderness = TimeSpan.Zero }.OutOfOrderness);
    }

    [Fact]
    public void InvalidValuesAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WatermarkOptions { OutOfOrderness = TimeSpan.FromTicks(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new WatermarkOptions { IdleAfter = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new WatermarkOptions(null, TimeSpan.FromSeconds(-1)));
    }
}
