namespace Streaming.Streams.Kafka;

internal enum StageOutcome
{
    /// <summary>Will be committed with the next commit (or at revocation / shutdown).</summary>
    Staged,

    /// <summary>An equal or higher offset is already staged or committed: a no-op.</summary>
    Superseded,

    /// <summary>The partition is no longer assigned under the assignment that read the record: dropped.</summary>
    NotAssigned,
}
