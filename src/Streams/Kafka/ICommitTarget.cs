namespace Streaming.Streams.Kafka;

/// <summary>The consumer side of a commit: offsets are staged (thread-safe, cheap) and committed on request.</summary>
internal interface ICommitTarget
{
    string GroupId { get; }

    StageOutcome Stage(CommittableOffset offset);

    /// <summary>Commits everything staged so far, on the consumer's thread.</summary>
    Task<CommitOutcome> CommitStagedAsync();
}
