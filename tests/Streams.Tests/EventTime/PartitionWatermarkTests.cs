using Streaming.Streams.EventTime;

namespace Streaming.Streams.Tests.EventTime;

public sealed class PartitionWatermarkTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Wall0 = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan B = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    private static DateTimeOffset Sec(double s) => T0.AddSeconds(s);

    private static DateTimeOffset Wall(double s) => Wall0.AddSeconds(s);

    [Fact]
    public void EmptyPartitionHasNoWatermarkHoweverLongItWaits()
    {
        var wm = PartitionWatermark.Start(Wall(0));
        Assert.False(wm.HasEvents);
        Assert.Null(wm.MaxEventTime);
        Assert.Equal(DateTimeOffset.MinValue, wm.Current(Wall(0)));
        Assert.Equal(DateTimeOffset.MinValue, wm.Current(Wall(29.999)));
        Assert.Equal(DateTimeOffset.MinValue, wm.Current(Wall(30)));
        Assert.Equal(DateTimeOffset.MinValue, wm.Current(Wall(100_000)));
        Assert.False(wm.IsActive(Wall(0)));
    }

    [Fact]
    public void TheFirstEventIsNeverLateEvenAfterALongQuietStart()
    {
        // A backfill dated months before the wall clock, arriving long after the partition opened.
        var wm = PartitionWatermark.Start(Wall(0));
        var before = wm.Current(Wall(3600));
        Assert.True(T0.AddDays(-90) > before);
        var after = wm.Observe(T0.AddDays(-90), Wall(3600));
        Assert.Equal(T0.AddDays(-90) - B, after.Current(Wall(3600)));
    }

    [Fact]
    public void APartitionIsActiveWhileItHasEventsAndIsNotIdle()
    {
        var wm = PartitionWatermark.Start(Wall(0)).Observe(Sec(10), Wall(5));
        Assert.True(wm.IsActive(Wall(34.999)));
        Assert.False(wm.IsActive(Wall(35)));
        Assert.True(wm.Observe(Sec(11), Wall(40)).IsActive(Wall(40)));
    }

    [Fact]
    public void WatermarkIsMaxEventTimeMinusBound()
    {
        var wm = PartitionWatermark.Start(Wall(0))
            .Observe(Sec(10), Wall(1))
            .Observe(Sec(4), Wall(2));
        Assert.Equal(Sec(5), wm.Current(Wall(2)));
        Assert.Equal(Sec(10), wm.MaxEventTime);
        wm = wm.Observe(Sec(20), Wall(3));
        Assert.Equal(Sec(15), wm.Current(Wall(3)));
        Assert.Equal(Sec(15), wm.Value);
    }

    [Fact]
    public void OutOfOrderEventNeverLowersTheWatermark()
    {
        var wm = PartitionWatermark.Start(Wall(0)).Observe(Sec(100), Wall(0)).Observe(Sec(1), Wall(1));
        Assert.Equal(Sec(95), wm.Current(Wall(1)));
    }

    [Fact]
    public void IdlePartitionMovesForwardWithTheWallClock()
    {
        var wm = PartitionWatermark.Start(Wall(0)).Observe(Sec(100), Wall(10));
        Assert.Equal(Sec(95), wm.Current(Wall(39.999)));
        Assert.Equal(Sec(95), wm.Current(Wall(40)));
        Assert.Equal(Sec(95.5), wm.Current(Wall(40.5)));
        Assert.Equal(Sec(165), wm.Current(Wall(110)));
        Assert.Equal(Wall(40), wm.IdleAt);
    }

    [Fact]
    public void EventAfterIdleAdvanceKeepsTheAdvancedWatermark()
    {
        var wm = PartitionWatermark.Start(Wall(0)).Observe(Sec(100), Wall(0));
        Assert.Equal(Sec(125), wm.Current(Wall(60)));

        // An event that would give a lower watermark: the advanced value stays, the idle clock restarts.
        var after = wm.Observe(Sec(110), Wall(60));
        Assert.Equal(Sec(125), after.Current(Wall(60)));
        Assert.Equal(Sec(125), after.Current(Wall(89)));
        Assert.Equal(Sec(126), after.Current(Wall(91)));

        // An event beyond it raises it as usual.
        var raised = after.Observe(Sec(200), Wall(61));
        Assert.Equal(Sec(195), raised.Current(Wall(61)));
    }


    [Fact]
    public void WallClockGoingBackwardsChangesNothing()
    {
        var wm = PartitionWatermark.Start(Wall(100)).Observe(Sec(50), Wall(100));
        Assert.Equal(Sec(45), wm.Current(Wall(0)));
        var back = wm.Observe(Sec(40), Wall(10));
        Assert.Equal(Wall(100), back.LastArrival);
        Assert.Equal(Sec(45), back.Current(Wall(10)));
    }

    [Fact]
    public void IdleAdvanceCanBeDisabled()
    {
        var options = new WatermarkOptions { IdleAfter = TimeSpan.MaxValue };
        var wm = PartitionWatermark.Start(Wall(0), options).Observe(Sec(10), Wall(0));
        Assert.Equal(Sec(5), wm.Current(Wall(1_000_000)));
        Assert.Equal(Sec(5), wm.Current(DateTimeOffset.MaxValue));
        Assert.Equal(DateTimeOffset.MinValue, PartitionWatermark.Start(Wall(0), options).Current(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void ExtremeEventTimesSaturate()
    {
        var wm = PartitionWatermark.Start(Wall(0)).Observe(DateTimeOffset.MinValue, Wall(0));
        Assert.Equal(DateTimeOffset.MinValue, wm.Current(Wall(0)));
        var max = PartitionWatermark.Start(Wall(0)).Observe(DateTimeOffset.MaxValue, Wall(0));
        Assert.Equal(DateTimeOffset.MaxValue - B, max.Current(Wall(0)));
        Assert.Equal(DateTimeOffset.MaxValue, max.Current(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void ResultsAreUtcWhateverTheInputOffset()
    {
        var seoul = new DateTimeOffset(2024, 1, 1, 19, 0, 0, TimeSpan.FromHours(9));
        var wm = PartitionWatermark.Start(Wall(0)).Observe(seoul, Wall(0));
        Assert.Equal(TimeSpan.Zero, wm.Current(Wall(0)).Offset);
        Assert.Equal(T0 - B, wm.Current(Wall(0)));
    }

    [Fact]
    public void AdvanceToFoldsTheIdleAdvanceWithoutChangingTheFuture()
    {
        var wm = PartitionWatermark.Start(Wall(0)).Observe(Sec(100), Wall(0));
        var folded = wm.AdvanceTo(Wall(45));
        Assert.Equal(wm.Current(Wall(45)), folded.Value);
        foreach (var s in new[] { 45, 46, 60, 1000 })
        {
            Assert.Equal(wm.Current(Wall(s)), folded.Current(Wall(s)));
        }

        Assert.Same(wm, wm.AdvanceTo(Wall(10)));
    }

    [Fact]
    public void AdvanceToLeavesAnEmptyPartitionWithoutWatermark()
    {
        var wm = PartitionWatermark.Start(Wall(0));
        Assert.Same(wm, wm.AdvanceTo(Wall(40)));
        Assert.Equal(DateTimeOffset.MinValue, wm.AdvanceTo(Wall(40)).Current(Wall(90)));
    }

    [Fact]
    public void SnapshotRoundTripIsExact()
    {
        var wm = PartitionWatermark.Start(Wall(0)).Observe(Sec(10), Wall(1)).Observe(Sec(8), Wall(2));
        var snapshot = wm.ToSnapshot();
        Assert.Equal(new PartitionWatermarkSnapshot(Sec(10), Sec(5), Wall(2)), snapshot);
        Assert.Equal(wm, PartitionWatermark.Restore(snapshot));
    }

    [Fact]
    public void RestoreWithRestartTimeRestartsTheIdleClock()
    {
        var wm = PartitionWatermark.Start(Wall(0)).Observe(Sec(10), Wall(0));
        var restored = PartitionWatermark.Restore(wm.AdvanceTo(Wall(40)).ToSnapshot(), restartedAt: Wall(1000));
        Assert.Equal(Sec(15), restored.Current(Wall(1000)));
        Assert.Equal(Sec(15), restored.Current(Wall(1029)));
        Assert.Equal(Sec(16), restored.Current(Wall(1031)));
    }

    [Fact]
    public void RestoreRepairsAWatermarkBelowMaxMinusBound()
    {
        var restored = PartitionWatermark.Restore(new PartitionWatermarkSnapshot(Sec(10), DateTimeOffset.MinValue, Wall(0)));
        Assert.Equal(Sec(5), restored.Value);
    }

    [Fact]
    public void RestoreOfAnEmptyPartitionSnapshot()
    {
        var snapshot = PartitionWatermark.Start(Wall(0)).ToSnapshot();
        Assert.Equal(new PartitionWatermarkSnapshot(null, DateTimeOffset.MinValue, Wall(0)), snapshot);
        Assert.Equal(DateTimeOffset.MinValue, PartitionWatermark.Restore(snapshot, restartedAt: Wall(100)).Current(Wall(120)));
    }

    [Fact]
    public void CustomBoundIsUsed()
    {
        var wm = PartitionWatermark.Start(Wall(0), new WatermarkOptions(TimeSpan.Zero, TimeSpan.FromSeconds(1))).Observe(Sec(10), Wall(0));
        Assert.Equal(Sec(10), wm.Current(Wall(0)));
        Assert.Equal(Sec(12), wm.Current(Wall(3)));
    }
}
