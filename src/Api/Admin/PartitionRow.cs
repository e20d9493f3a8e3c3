namespace Streaming.Api.Admin;

/// <summary>
/// One input partition as the operator sees it: who processes it (<see cref="Owner"/>, a node address), its stored
/// checkpoint (epoch, last offset reflected, watermark), where the processors' group committed in Kafka and how far
/// behind the log's end that is, and <see cref="State"/>: <c>processing</c>, <c>held</c> or <c>unassigned</c>.
/// </summary>
public sealed record PartitionRow(string Topic, int Partition, string? Owner, long? Epoch, long? CheckpointOffset, long? CommittedOffset, long? LogEndOffset,
    long? Lag, DateTimeOffset? Watermark, double? WatermarkDelaySeconds, string State);
