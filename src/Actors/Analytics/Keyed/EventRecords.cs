using System.Diagnostics.CodeAnalysis;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Keyed;

/// <summary>How every analytic reads its input records: the event of SPEC §1, mapped to the analytic's input.</summary>
public static class EventRecords
{
    /// <summary>
    /// The input of a record, or the contract's errors that make it poison. A record written by another producer than
    /// the gateway (kcat, a service of the user's) may lack event_id, timestamp and ingested_at: it gets the Kafka
    /// record's timestamp and <see cref="InputRecord.FallbackId"/>, which a replay gives again.
    /// </summary>
    public static bool TryParse<TEvent, TInput>(EventKind<TEvent> kind, InputRecord record, Func<TEvent, TInput> toInput,
        [MaybeNullWhen(false)] out TInput input, out string problem)
        where TEvent : class, IInputEvent
    {
        var id = record.FallbackId;
        var parsed = kind.Deserialize(record.Value.Span, new EventStamp(record.Timestamp, () => id));
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
