namespace Streaming.Streams.Kinesis;

/// <summary>The parts of a consumed Kafka record that a Kinesis envelope carries.</summary>
/// <param name="Topic">Source topic.</param>
/// <param name="Partition">Source partition.</param>
/// <param name="Offset">Offset in the partition: with topic and partition, the record's identity.</param>
/// <param name="Key">Key bytes; null for a record without a key.</param>
/// <param name="Value">Value bytes; null for a tombstone.</param>
/// <param name="TimestampMs">Kafka timestamp in Unix milliseconds; null when the record has none.</param>
/// <param name="TimestampType">What the timestamp means.</param>
/// <param name="Headers">Headers in record order (names may repeat; a value may be null).</param>
public sealed record KafkaRecord(
    string Topic,
    int Partition,
    long Offset,
    byte[]? Key,
    byte[]? Value,
    long? TimestampMs,
    KafkaTimestampType TimestampType,
    IReadOnlyList<KeyValuePair<string, byte[]?>> Headers);

/// <summary>Kafka's timestamp types.</summary>
public enum KafkaTimestampType
{
    /// <summary>No timestamp.</summary>
    None,

    /// <summary>Set by the producer.</summary>
    Create,

    /// <summary>Set by the broker when it appended the record.</summary>
    LogAppend,
}
