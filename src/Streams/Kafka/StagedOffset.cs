using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>A next-to-read position taken from the ledger for a commit.</summary>
internal readonly record struct StagedOffset(TopicPartition Partition, long Epoch, long Next)
{
    public TopicPartitionOffset ToTopicPartitionOffset() => new(Partition, new Offset(Next));
}
