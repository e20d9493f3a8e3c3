namespace Streaming.Engine.Processing;

/// <summary>
/// When a partition processor checkpoints: every <c>interval</c>; and once after the partition
/// opened with a backlog (a step took a full batch, as when replaying after a crash), as soon as a
/// step takes less than a full batch — what the replay re-did becomes durable and committed as soon
/// as the processor has caught up, not up to an interval later, so a second crash does not replay it
/// again and the group's lag drops at once.
/// </summary>
public sealed record CheckpointSchedule(TimeSpan Interval, int MaxBatch, DateTimeOffset LastCheckpoint, bool Backlog = false, bool CheckpointedSinceOpen = false)
{
    /// <summary>The schedule of a partition that has just opened.</summary>
    public static CheckpointSchedule Opened(TimeSpan interval, int maxBatch, DateTimeOffset now) => new(interval, maxBatch, now);

    /// <summary>After a step of <paramref name="batchSize"/> records at <paramref name="now"/>: whether to checkpoint, and the schedule to keep.</summary>
    public (bool Due, CheckpointSchedule Next) AfterStep(int batchSize, DateTimeOffset now)
    {
        if (now - LastCheckpoint >= Interval) return (true, this);
        if (CheckpointedSinceOpen) return (false, this);
        if (batchSize >= MaxBatch) return (false, Backlog ? this : this with { Backlog = true });
        return (Backlog, this);
    }

    /// <summary>The schedule after a checkpoint at <paramref name="now"/>.</summary>
    public CheckpointSchedule Checkpointed(DateTimeOffset now) => this with { LastCheckpoint = now, CheckpointedSinceOpen = true };
}
