using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>A record the broker acknowledged: where it was written, and the envelope's pass-through.</summary>
public sealed record ProducerResult<TPassThrough>(ProducerEnvelope<TPassThrough> Envelope, TopicPartitionOffset TopicPartitionOffset, Timestamp Timestamp)
{
    public TPassThrough PassThrough => Envelope.PassThrough;
    public Partition Partition => TopicPartitionOffset.Partition;
    public long Offset => TopicPartitionOffset.Offset.Value;
}
