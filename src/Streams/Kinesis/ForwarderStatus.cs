namespace Streaming.Streams.Kinesis;

/// <summary>A forwarding's progress, for metrics, the CLI and the admin API.</summary>
/// <param name="Id">Topic and stream.</param>
/// <param name="ConsumerGroup">The consumer group holding its committed offsets.</param>
/// <param name="State">Running, retrying, failed…</param>
/// <param name="Reason">Why it is retrying or failed (null otherwise).</param>
/// <param name="StartedAt">When this run started.</param>
/// <param name="RecordsForwarded">Records Kinesis accepted in this run.</param>
/// <param name="PoisonRecords">Poison records reported (and skipped) in this run.</param>
/// <param name="Retries">Record sends that were retried in this run.</param>
/// <param name="LagRecords">Sum over partitions of high watermark − next offset to commit.</param>
/// <param name="LagSeconds">Now − Kafka timestamp of the oldest record consumed and not yet accepted; 0 when none.</param>
/// <param name="LastForwardedAt">When Kinesis last accepted a record.</param>
/// <param name="Partitions">Per assigned partition.</param>
public sealed record ForwarderStatus(
    ForwardingId Id,
    string ConsumerGroup,
    ForwarderState State,
    string? Reason,
    DateTimeOffset StartedAt,
    long RecordsForwarded,
    long PoisonRecords,
    long Retries,
    long LagRecords,
    double LagSeconds,
    DateTimeOffset? LastForwardedAt,
    IReadOnlyList<PartitionStatus> Partitions);

/// <summary>Progress of one Kafka partition.</summary>
/// <param name="Partition">Partition number.</param>
/// <param name="LastForwardedOffset">Highest offset Kinesis accepted (records below it may still be in flight or retrying).</param>
/// <param name="CommittedOffset">Offset last committed to Kafka: where a restart resumes.</param>
/// <param name="HighWatermark">Partition end at the last refresh.</param>
/// <param name="LagRecords">High watermark − next offset to commit.</param>
public sealed record PartitionStatus(int Partition, long? LastForwardedOffset, long? CommittedOffset, long? HighWatermark, long LagRecords);
