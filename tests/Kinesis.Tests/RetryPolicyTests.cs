using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Streams.Kinesis;

namespace Streaming.Kinesis.Tests;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new() { BaseBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(1) };

    [Fact]
    public void Ceilings_double_from_the_base_up_to_the_maximum()
    {
        var ceilings = Enumerable.Range(1, 6).Select(n => Policy.Ceiling(n).TotalMilliseconds);
        Assert.Equal([100, 200, 400, 800, 1000, 1000], ceilings);
        Assert.Equal(TimeSpan.FromSeconds(1), Policy.Ceiling(10_000));
    }

    [Property(MaxTest = 300)]
    public Property Full_jitter_is_below_the_ceiling_equal_jitter_in_its_upper_half_none_at_it() =>
        Prop.ForAll(Gen.Choose(1, 40).ToArbitrary(), Gen.Choose(0, 999_999).Select(x => x / 1_000_000.0).ToArbitrary(), (retry, unit) =>
        {
            var ceiling = Policy.Ceiling(retry);
            var full = Policy.Delay(retry, unit);
            var equal = (Policy with { Jitter = JitterMode.Equal }).Delay(retry, unit);
            var none = (Policy with { Jitter = JitterMode.None }).Delay(retry, unit);
            return (full >= TimeSpan.Zero && full < ceiling).Label($"full {full} < {ceiling}")
                .And((equal >= ceiling / 2 && equal <= ceiling).Label($"equal {equal}"))
                .And((none == ceiling).Label("none"));
        });

    [Fact]
    public void Full_jitter_spreads_over_the_whole_range()
    {
        Assert.Equal(TimeSpan.Zero, Policy.Delay(3, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(200), Policy.Delay(3, 0.5));
    }

    [Fact]
    public void Attempts_are_unbounded_by_default_and_bounded_when_asked()
    {
        Assert.False(RetryPolicy.Default.Exhausted(1_000_000));
        var bounded = Policy with { MaxAttempts = 3 };
        Assert.False(bounded.Exhausted(2));
        Assert.True(bounded.Exhausted(3));
    }

    [Fact]
    public void Bad_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => (Policy with { MaxAttempts = 0 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (Policy with { MaxBackoff = TimeSpan.FromMilliseconds(10) }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLimits { MaxRecords = 501 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLimits { MaxRequestBytes = 6 * 1024 * 1024 }.Validate());
        Assert.Throws<ArgumentException>(() => new KinesisOptions { ServiceUrl = "localhost:4567" }.Validate());
        Assert.Throws<ArgumentException>(() => new KinesisOptions { Credentials = KinesisCredentialsSource.Static }.Validate());
    }
}
