using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>
/// A partition's position is not in its log any more (records deleted by retention before they were read) or not yet
/// (beyond its end): the consumer's <c>auto.offset.reset</c> is <c>error</c>, so the application decides what to do.
/// </summary>
public sealed class KafkaOffsetOutOfRangeException : Exception
{
    public KafkaOffsetOutOfRangeException(TopicPartition partition, long offset, string reason)
        : base($"{partition.Topic}-{partition.Partition.Value}: offset {offset} is outside the partition's log ({reason})")
    {
        Partition = partition;
        Offset = offset;
    }

    public KafkaOffsetOutOfRangeException()
    {
        Partition = new TopicPartition("", 0);
    }

    public KafkaOffsetOutOfRangeException(string message) : base(message)
    {
        Partition = new TopicPartition("", 0);
    }

    public KafkaOffsetOutOfRangeException(string message, Exception innerException) : base(message, innerException)
    {
        Partition = new TopicPartition("", 0);
    }

    public TopicPartition Partition { get; }

    public long Offset { get; }
}
