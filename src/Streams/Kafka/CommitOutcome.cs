using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>What one commit on the consumer thread did: committed offsets (next-to-read), dropped and retried partitions.</summary>
internal sealed record CommitOutcome(IReadOnlyList<TopicPartitionOffset> Committed, int Dropped, int Retrying)
{
    public static readonly CommitOutcome Empty = new([], 0, 0);
}
