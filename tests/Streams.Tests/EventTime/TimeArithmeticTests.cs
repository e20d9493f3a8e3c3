using Streaming.Streams.EventTime;

namespace Streaming.Streams.Tests.EventTime;

public sealed class TimeArithmeticTests
{
    [Fact]
    public void AddAndSubtractSaturate()
    {
        Assert.Equal(DateTimeOffset.MaxValue, TimeArithmetic.SaturatingAdd(DateTimeOffset.MaxValue.AddDays(-1), TimeSpan.FromDays(2)));
        Assert.Equal(DateTimeOffset.MinValue, TimeArithmetic.SaturatingSubtract(DateTimeOffset.MinValue, TimeSpan.FromSeconds(5)));
        Assert.Equal(DateTimeOffset.MinValue, TimeArithmetic.SaturatingAdd(DateTimeOffset.MinValue.AddDays(1), TimeSpan.MinValue));
        Assert.Equal(DateTimeOffset.MaxValue, TimeArithmetic.SaturatingSubtract(DateTimeOffset.MinValue, TimeSpan.MinValue));
        Assert.Equal(DateTimeOffset.MaxValue, TimeArithmetic.SaturatingAdd(DateTimeOffset.MaxValue, TimeSpan.MaxValue));
    }

    [Fact]
    public void ResultsAreUtc()
    {
        var local = new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.FromHours(9));
        var result = TimeArithmetic.SaturatingAdd(local, TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, result.Offset);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 3, 0, 1, TimeSpan.Zero), result);
        Assert.Equal(TimeSpan.Zero, TimeArithmetic.Max(local, local.AddTicks(-1)).Offset);
    }

    [Fact]
    public void TruncationDropsSubMillisecondTicks()
    {
        var t = new DateTimeOffset(2024, 1, 1, 0, 0, 0, 123, TimeSpan.Zero).AddTicks(9_999);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, 123, TimeSpan.Zero), TimeArithmetic.TruncateToMilliseconds(t));
        Assert.Equal(DateTimeOffset.MinValue, TimeArithmetic.TruncateToMilliseconds(DateTimeOffset.MinValue));
    }
}
