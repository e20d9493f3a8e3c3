using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>
/// The offset of one consumed record, bound to the consumer (and the assignment of its
/// partition) that produced it. Committing it commits <c>Offset + 1</c>, Kafka's "next record to
/// read" convention.
/// </summary>
public sealed class CommittableOffset
{
    internal CommittableOffset(ICommitTarget target, TopicPartitionOffset offset, long assignmentEpoch)
    {
        Target = target;
        TopicPartitionOffset = offset;
        AssignmentEpoch = assignmentEpoch;
    }

    internal ICommitTarget Target { get; }

    /// <summary>Identifies the assignment of the partition: offsets of an earlier assignment are never committed.</summary>
    internal long AssignmentEpoch { get; }

    public TopicPartitionOffset TopicPartitionOffset { get; }
    public string GroupId => Target.GroupId;

    public override string ToString() => $"{GroupId}:{TopicPartitionOffset}";
}
