namespace Streaming.Analytics.Keyed;

/// <summary>
/// An input record as the engine read it: its value and where it came from. A record written by another producer than
/// the gateway may lack event_id and timestamp: it gets <see cref="FallbackId"/> and the Kafka timestamp.
/// </summary>
public readonly record struct InputRecord(string Topic, int Partition, long Offset, DateTimeOffset Timestamp, ReadOnlyMemory<byte> Value)
{
    /// <summary>The event id of a record without one: <c>{topic}-{partition}-{offset}</c>, the same on every replay.</summary>
    public string FallbackId => $"{Topic}-{Partition}-{Offset}";
}
