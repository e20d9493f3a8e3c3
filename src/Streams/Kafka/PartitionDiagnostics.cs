using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>One assigned partition's hand-over buffer: current size, paused flag, pauses so far, largest size seen.</summary>
public sealed record PartitionDiagnostics(TopicPartition Partition, int Buffered, bool Paused, long Pauses, int MaxBuffered);
