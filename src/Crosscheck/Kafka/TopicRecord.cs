namespace Streaming.Crosscheck.Kafka;

/// <summary>One Kafka record as <see cref="TopicReader"/> read it.</summary>
/// <param name="Topic">Its topic.</param>
/// <param name="Partition">Its partition.</param>
/// <param name="Offset">Its offset.</param>
/// <param name="Key">Its key, or null.</param>
/// <param name="Value">Its value, or null (a tombstone).</param>
/// <param name="Headers">Its headers (the last value of each name), UTF-8 decoded.</param>
/// <param name="Timestamp">The Kafka timestamp.</param>
public sealed record TopicRecord(
    string Topic,
    int Partition,
    long Offset,
    byte[]? Key,
    byte[]? Value,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset Timestamp);
