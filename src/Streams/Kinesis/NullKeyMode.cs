namespace Streaming.Streams.Kinesis;

/// <summary>Which Kinesis partition key a Kafka record without a key gets.</summary>
public enum NullKeyMode
{
    /// <summary>
    /// A key of its own, <c>"{partition}:{offset}"</c>: null-keyed records spread over all shards and
    /// batch fully, in no particular order (Kafka made no per-key promise for them). Deterministic, so a
    /// record sent again after a restart lands on the same shard as its first copy.
    /// </summary>
    PerRecord,

    /// <summary>
    /// The Kafka partition, <c>"partition-{n}"</c>: null-keyed records of one Kafka partition keep their
    /// order in Kinesis, at the price of one record per partition per request (and one hot shard per partition).
    /// </summary>
    PerPartition,
}
