using Streaming.Streams.EventTime;

namespace Streaming.Streams.Tests.EventTime;

public sealed class TimerServiceTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Sec(int s) => T0.AddSeconds(s);

    [Fact]
    public void EmptyServiceHasNothingDue()
    {
        var timers = new TimerService<string>();
        Assert.Equal(0, timers.Count);
        Assert.Null(timers.NextDue);
        Assert.Empty(timers.PopDue(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void RegisterIsIdempotentPerKeyAndTime()
    {
        var timers = new TimerService<string>();
        Assert.True(timers.Register("a", Sec(10)));
        Assert.False(timers.Register("a", Sec(10)));
        Assert.True(timers.Register("a", Sec(11)));
        Assert.True(timers.Register("b", Sec(10)));
        Assert.Equal(3, timers.Count);
    }

    [Fact]
    public void SameInstantWithAnotherOffsetIsTheSameTimer()
    {
        var timers = new TimerService<string>();
        timers.Register("a", Sec(10));
        Assert.False(timers.Register("a", Sec(10).ToOffset(TimeSpan.FromHours(9))));
        Assert.True(timers.Contains("a", Sec(10).ToOffset(TimeSpan.FromHours(-3))));
        Assert.Equal(TimeSpan.Zero, Assert.Single(timers.Timers).Time.Offset);
    }

    [Fact]
    public void DeleteRemovesOnlyThatTimer()
    {
        var timers = new TimerService<string>();
        timers.Register("a", Sec(10));
        timers.Register("a", Sec(20));
        Assert.True(timers.Delete("a", Sec(10)));
        Assert.False(timers.Delete("a", Sec(10)));
        Assert.False(timers.Delete("b", Sec(20)));
        Assert.Equal([new EventTimer<string>("a", Sec(20))], timers.Timers);
    }

    [Fact]
    public void PopDueFiresTimersAtOrBeforeTheWatermarkInTimeThenKeyOrder()
    {
        var timers = new TimerService<string>();
        timers.Register("c", Sec(5));
        timers.Register("b", Sec(10));
        timers.Register("a", Sec(10));
        timers.Register("a", Sec(11));
        timers.Register("z", Sec(1));

        Assert.Equal(Sec(1), timers.NextDue);
        Assert.Empty(timers.PopDue(Sec(0)));
        var due = timers.PopDue(Sec(10));
        Assert.Equal(
            [new("z", Sec(1)), new("c", Sec(5)), new("a", Sec(10)), new EventTimer<string>("b", Sec(10))],
            due);
        Assert.Equal(Sec(11), timers.NextDue);
        Assert.Empty(timers.PopDue(Sec(10)));
        Assert.Single(timers.PopDue(Sec(11)));
        Assert.Equal(0, timers.Count);
    }

    [Fact]
    public void StringKeysOrderOrdinallyByDefault()
    {
        var timers = new TimerService<string>();
        foreach (var key in new[] { "b", "a", "B", "A", "é", "e" })
        {
            timers.Register(key, Sec(1));
        }

        Assert.Equal(["A", "B", "a", "b", "e", "é"], timers.PopDue(Sec(1)).Select(t => t.Key));
    }

    [Fact]
    public void ACustomKeyComparerDecidesOrderAndIdentity()
    {
        var timers = new TimerService<string>(StringComparer.OrdinalIgnoreCase);
        Assert.True(timers.Register("a", Sec(1)));
        Assert.False(timers.Register("A", Sec(1)));
        Assert.Same(StringComparer.OrdinalIgnoreCase, timers.KeyComparer);
    }

    [Fact]
    public void NonStringKeysUseTheDefaultComparer()
    {
        var timers = new TimerService<(int Partition, long Offset)>();
        timers.Register((1, 5), Sec(1));
        timers.Register((0, 9), Sec(1));
        Assert.Equal([(0, 9L), (1, 5L)], timers.PopDue(Sec(1)).Select(t => t.Key));
    }

    [Fact]
    public void SnapshotAndRestoreKeepEveryTimer()
    {
        var timers = new TimerService<string>();
        timers.Register("b", Sec(2));
        timers.Register("a", Sec(2));
        timers.Register("a", Sec(1));
        var snapshot = timers.Timers;
        Assert.Equal([new("a", Sec(1)), new("a", Sec(2)), new EventTimer<string>("b", Sec(2))], snapshot);

        var restored = new TimerService<string>(snapshot.Concat(snapshot));
        Assert.Equal(snapshot, restored.Timers);
        Assert.Equal(timers.PopDue(Sec(2)), restored.PopDue(Sec(2)));
    }

    [Fact]
    public void TimersListIsACopy()
    {
        var timers = new TimerService<string>();
        timers.Register("a", Sec(1));
        var snapshot = timers.Timers;
        timers.PopDue(Sec(1));
        Assert.Single(snapshot);
    }

    [Fact]
    public void HandlesAQuarterMillionTimers()
    {
        const int n = 250_000;
        var timers = new TimerService<string>();
        var random = new Random(42);
        var expected = new List<EventTimer<string>>(n);
        for (var i = 0; i < n; i++)
        {
            var timer = new EventTimer<string>("user-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), Sec(random.Next(0, 3600)));
            timers.Register(timer.Key, timer.Time);
            expected.Add(timer);
        }

        Assert.Equal(n, timers.Count);
        var popped = new List<EventTimer<string>>(n);
        for (var wm = 0; wm <= 3600; wm += 60)
        {
            popped.AddRange(timers.PopDue(Sec(wm)));
        }

        Assert.Equal(0, timers.Count);
        var order = expected.OrderBy(t => t.Time).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(order, popped);
    }

    [Fact]
    public void NullKeyIsRejected()
    {
        var timers = new TimerService<string>();
        Assert.Throws<ArgumentNullException>(() => timers.Register(null!, Sec(1)));
        Assert.Throws<ArgumentNullException>(() => timers.Delete(null!, Sec(1)));
    }
}
