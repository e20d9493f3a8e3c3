using System.Diagnostics.CodeAnalysis;
using Streaming.Streams.Contracts;
using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>How every computation reads its input records: the stored event, mapped to the computation's input.</summary>
public static class InputRecords
{
    /// <summary>
    /// The input of a record, or the contract's errors that make it poison. A record written by another producer than
    /// the gateway (kcat, a service of the user's) may lack event_id, timestamp and ingested_at: it gets the Kafka
    /// record's timestamp and the id <c>{topic}-{partition}-{offset}</c>, which a replay gives again.
    /// </summary>
    public static bool TryParse<TEvent, TInput>(EventKind<TEvent> kind, CommittableMessage message, Func<TEvent, TInput> toInput,
        [MaybeNullWhen(false)] out TInput input, out string problem)
        where TEvent : class, IInputEvent
    {
        var id = $"{message.Partition.Topic}-{message.Partition.Partition.Value}-{message.Offset}";
        var parsed = kind.Deserialize(message.Value, new EventStamp(message.Timestamp.UtcDateTime, () => id));
        if (parsed.TryGetValue(out var ev))
        {
            input = toInput(ev)!;
            problem = "";
            return true;
        }
        input = default;
        problem = string.Join("; ", parsed.Errors);
        return false;
    }
}
