using Streaming.Engine.Processing;

namespace Streaming.Engine.Tests.Processing;

public sealed class CheckpointScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int MaxBatch = 100;

    /// <summary>Whether each of the steps (batch size, milliseconds after T0) made a checkpoint due, in turn.</summary>
    private static List<bool> Dues(CheckpointSchedule schedule, params (int Batch, int Ms)[] steps)
    {
        var dues = new List<bool>();
        foreach (var (batch, ms) in steps)
        {
            (var due, schedule) = schedule.AfterStep(batch, T0.AddMilliseconds(ms));
            dues.Add(due);
        }
        return dues;
    }

    [Fact]
    public void WithoutABacklogOnlyTheIntervalMakesACheckpointDue() =>
        Assert.Equal([false, true], Dues(CheckpointSchedule.Opened(Interval, MaxBatch, T0), (MaxBatch - 1, 1000), (0, 2000)));

    [Fact]
    public void AfterABacklogTheFirstStepShortOfAFullBatchCheckpointsAtOnce() =>
        Assert.Equal([false, false, true], Dues(CheckpointSchedule.Opened(Interval, MaxBatch, T0), (MaxBatch, 100), (MaxBatch, 200), (3, 300)));

    [Fact]
    public void TheEarlyCheckpointHappensOnceAfterOpening()
    {
        var opened = CheckpointSchedule.Opened(Interval, MaxBatch, T0);
        var (_, backlog) = opened.AfterStep(MaxBatch, T0.AddMilliseconds(100));
        var afterCheckpoint = backlog.AfterStep(1, T0.AddMilliseconds(200)).Next.Checkpointed(T0.AddMilliseconds(200));

        Assert.Equal([false, false, true], Dues(afterCheckpoint, (MaxBatch, 300), (1, 400), (1, 2200)));
    }

    [Fact]
    public void TheIntervalCountsFromTheLastCheckpoint()
    {
        var checkpointed = CheckpointSchedule.Opened(Interval, MaxBatch, T0).Checkpointed(T0.AddSeconds(5));

        Assert.False(checkpointed.AfterStep(0, T0.AddSeconds(6.9)).Due);
        Assert.True(checkpointed.AfterStep(0, T0.AddSeconds(7)).Due);
    }
}
