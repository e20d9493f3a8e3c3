using System.Text;
using Streaming.Analytics.Keyed;
using Streaming.Streams.Kafka;

namespace Streaming.Engine.Processing;

/// <summary>A record a partition processor consumed: the input record, its Kafka key as text (null when none) and the token that commits it.</summary>
public sealed record ConsumedRecord(InputRecord Record, string? Key, object? Committable)
{
    /// <summary>The processor's view of a Kafka record: its value and position, the key as text, the offset to commit.</summary>
    public static ConsumedRecord Of(CommittableMessage m) =>
        new(new InputRecord(m.Partition.Topic, m.Partition.Partition.Value, m.Offset, m.Timestamp.UtcDateTime, m.Value),
            m.Key is null ? null : Encoding.UTF8.GetString(m.Key), m.CommittableOffset);
}
