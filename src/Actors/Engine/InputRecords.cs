using System.Diagnostics.CodeAnalysis;
using Streaming.Streams.Contracts;
using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>How every computation reads its input records: the stored event, mapped to the computation's input.</summary>
public static class InputRecords
{
    /// <summary>The input of a record, or the contract's errors that make it poison.</summary>
    public static bool TryParse<TEvent, TInput>(EventKind<TEvent> kind, CommittableMessage message, Func<TEvent, TInput> toInput,
        [MaybeNullWhen(false)] out TInput input, out string problem)
        where TEvent : class, IInputEvent
    {
        var parsed = kind.Deserialize(message.Value);
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
