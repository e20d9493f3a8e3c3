using Streaming.Actors.Engine;

namespace Streaming.Actors.Tests.Engine;

public sealed class CheckpointScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int MaxBatch = 100;

    [Fact]
    public void WithoutABacklogOnlyTheIntervalMakesACheckpointDue()
    {
        var schedule = CheckpointSchedule.Opened(Interval, MaxBatch, T0);

        var (early, schedule1) = schedule.AfterStep(MaxBatch - 1, T0.AddSeconds(1));
        var (late, _) = schedule1.AfterStep(0, T0.AddSeconds(2));

        Assert.False(early);
        Assert.True(late);
    }

    [Fact]
    public void AfterABacklogTheFirstStepShortOfAFullBatchCheckpointsAtOnce()
    {
        var schedule = CheckpointSchedule.Opened(Interval, MaxBatch, T0);

        var (full1, s1) = schedule.AfterStep(MaxBatch, T0.AddMilliseconds(100));
        var (full2, s2) = s1.AfterStep(MaxBatch, T0.AddMilliseconds(200));
        var (caughtUp, _) = s2.AfterStep(3, T0.AddMilliseconds(300));

        Assert.False(full1);
        Assert.False(full2);
        Assert.True(caughtUp);
    }

    [Fact]
    public void TheEarlyCheckpointHappensOnceAfterOpening()
    {
        var opened = CheckpointSchedule.Opened(Interval, MaxBatch, T0);
        var (_, backlog) = opened.AfterStep(MaxBatch, T0.AddMilliseconds(100));
        var afterCheckpoint = backlog.AfterStep(1, T0.AddMilliseconds(200)).Next.Checkpointed(T0.AddMilliseconds(200));

        var (fullAgain, s1) = afterCheckpoint.AfterStep(MaxBatch, T0.AddMilliseconds(300));
        var (shortAgain, s2) = s1.AfterStep(1, T0.AddMilliseconds(400));
        var (interval, _) = s2.AfterStep(1, T0.AddMilliseconds(2200));

        Assert.False(fullAgain);
        Assert.False(shortAgain);
        Assert.True(interval);
    }

    [Fact]
    public void TheIntervalCountsFromTheLastCheckpoint()
    {
        var checkpointed = CheckpointSchedule.Opened(Interval, MaxBatch, T0).Checkpointed(T0.AddSeconds(5));

        Assert.False(checkpointed.AfterStep(0, T0.AddSeconds(6.9)).Due);
        Assert.True(checkpointed.AfterStep(0, T0.AddSeconds(7)).Due);
    }
}
