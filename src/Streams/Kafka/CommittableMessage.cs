using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>A consumed record and the offset to hand to <see cref="KafkaCommitter"/> once its effects are durable.</summary>
public sealed record CommittableMessage(
    byte[]? Key,
    byte[] Value,
    Headers Headers,
    Timestamp Timestamp,
    TopicPartitionOffset TopicPartitionOffset,
    CommittableOffset CommittableOffset)
{
    public TopicPartition Partition => TopicPartitionOffset.TopicPartition;
    public long Offset => TopicPartitionOffset.Offset.Value;
}
