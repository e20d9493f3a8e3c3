using Confluent.Kafka;

namespace Streaming.Streams.Broker;

/// <summary>
/// Where a consumer group stands on some partitions: its committed offsets (partitions without a commit are left
/// out), the partitions' log end offsets, and which partitions a member of the group is assigned (null when the broker
/// cannot describe the group, as librdkafka's mock cannot).
/// </summary>
public sealed record GroupPositions(IReadOnlyDictionary<TopicPartition, long> Committed, IReadOnlyDictionary<TopicPartition, long> Ends,
    IReadOnlySet<TopicPartition>? Assigned);
