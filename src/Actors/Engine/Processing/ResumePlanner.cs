using Streaming.Streams.Broker;

namespace Streaming.Engine.Processing;

/// <summary>
/// Decides how a processor resumes a partition from what its checkpoint says (the stream it was taken from, the
/// last offset it covers) and what the broker has now (the stream's identity, the partition's log range). Pure, so
/// every case is tested without a broker.
/// </summary>
public static class ResumePlanner
{
    /// <param name="partitionId">The partition, as <c>{topic}-{partition}</c>, for the messages.</param>
    /// <param name="stored">The stream of the stored checkpoint; null when it has none (nothing was ever checkpointed).</param>
    /// <param name="checkpointOffset">The last offset the stored state reflects; -1 when none.</param>
    /// <param name="found">The stream the broker serves now.</param>
    /// <param name="log">The partition's log range now.</param>
    /// <param name="embedded">The broker is the embedded one (librdkafka's mock): it lives in memory, so a different identity means state of a broker that is gone.</param>
    /// <param name="policy">What to do with records that cannot be processed.</param>
    /// <param name="resetCommand">The command that drops the partition's stored state, named in the messages.</param>
    public static ResumePlan Plan(string partitionId, StreamIdentity? stored, long checkpointOffset, StreamIdentity found, LogRange log,
        bool embedded, LostRecordsPolicy policy, string resetCommand)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(log);
        if (stored is null && checkpointOffset < 0)
            return new ResumePlan(ResumeKind.Resume, log.Low, log.Low - 1, 0, null);
        if (stored is not null && stored != found)
        {
            return embedded
                ? new ResumePlan(ResumeKind.Fresh, log.Low, log.Low - 1, 0,
                    $"{partitionId}: the stored state was taken from {stored}, but the embedded broker now serves {found} (the broker it came from is gone); the partition starts from fresh state")
                : new ResumePlan(ResumeKind.Hold, log.Low, checkpointOffset, 0,
                    $"{partitionId}: the stored state was taken from {stored}, but the broker now serves {found} (the topic was re-created, or this node points at another cluster); the partition is not processed. To start it from fresh state: {resetCommand}");
        }

        var next = checkpointOffset + 1;
        if (next < log.Low)
        {
            var lost = log.Low - next;
            return policy == LostRecordsPolicy.Reset
                ? new ResumePlan(ResumeKind.Resume, log.Low, checkpointOffset, lost,
                    $"{partitionId}: {lost} records (offsets {next} to {log.Low - 1}) were deleted by retention before they were processed; going on from offset {log.Low} (LostRecords=reset)")
                : new ResumePlan(ResumeKind.Hold, next, checkpointOffset, lost,
                    $"{partitionId}: {lost} records (offsets {next} to {log.Low - 1}) were deleted by retention before they were processed; the partition is not processed. Set Streaming__Engine__LostRecords=reset to go on from offset {log.Low}, or start it from fresh state: {resetCommand}");
        }
        if (next > log.High)
        {
            var ahead = next - log.High;
            return policy == LostRecordsPolicy.Reset
                // The state's offsets belong to a log that is gone (entities skip offsets their state reflects), so it is dropped.
                ? new ResumePlan(ResumeKind.Fresh, log.High, log.High - 1, ahead,
                    $"{partitionId}: the checkpoint is at offset {checkpointOffset}, {ahead} beyond the log's end {log.High} (the log was truncated); going on from offset {log.High} with fresh state (LostRecords=reset)")
                : new ResumePlan(ResumeKind.Hold, next, checkpointOffset, ahead,
                    $"{partitionId}: the checkpoint is at offset {checkpointOffset}, {ahead} beyond the log's end {log.High} (the log was truncated); the partition is not processed. Set Streaming__Engine__LostRecords=reset to go on from offset {log.High}, or start it from fresh state: {resetCommand}");
        }
        return new ResumePlan(ResumeKind.Resume, next, checkpointOffset, 0, null);
    }
}
