using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>
/// Emitted by <see cref="KafkaCommitter.Flow"/> after a commit: the committed positions (the
/// next offset to read, i.e. last processed + 1) and how many handed-over offsets were dropped
/// because their partition had been revoked or lost.
/// </summary>
public sealed record KafkaCommitResult(IReadOnlyList<TopicPartitionOffset> Committed, int Dropped);
