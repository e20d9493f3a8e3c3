namespace Streaming.Streams.Kafka;

/// <summary>
/// A snapshot of a committable source: its partitions' buffers and counters since start.
/// <see cref="MaxBufferedObserved"/> is the largest per-partition buffer ever seen, never above
/// <see cref="MaxBufferedPerPartition"/>.
/// </summary>
public sealed record KafkaConsumerDiagnostics(
    IReadOnlyList<PartitionDiagnostics> Partitions,
    int MaxBufferedPerPartition,
    int MaxBufferedObserved,
    long MessagesConsumed,
    long Pauses,
    long Resumes,
    long Rewinds,
    long OffsetsStaged,
    long OffsetsCommitted,
    long OffsetsDropped);
