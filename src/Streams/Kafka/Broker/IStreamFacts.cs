using Confluent.Kafka;

namespace Streaming.Streams.Broker;

/// <summary>What a processor asks the broker before it resumes a partition: the stream's identity and the partition's log range.</summary>
public interface IStreamFacts
{
    Task<StreamIdentity> IdentityAsync(string topic, CancellationToken ct = default);

    Task<LogRange> RangeAsync(TopicPartition partition, CancellationToken ct = default);
}
