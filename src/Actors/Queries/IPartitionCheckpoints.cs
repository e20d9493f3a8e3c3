namespace Streaming.Queries;

/// <summary>The stored checkpoints of input partitions (in the state database the answering node uses).</summary>
public interface IPartitionCheckpoints
{
    /// <summary>The checkpoint rows of the partitions (<c>{topic}-{partition}</c>) that have one; partitions never opened are left out.</summary>
    Task<IReadOnlyList<PartitionCheckpoint>> ReadAsync(IReadOnlyList<string> partitionIds, CancellationToken ct = default);
}
