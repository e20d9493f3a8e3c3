using System.Text.Json;

namespace Streaming.Streams.Contracts;

/// <summary>One input topic's event kind, without its type: what the gateway needs to turn a body
/// into a Kafka record. The typed view is <see cref="EventKind{T}"/>; find one with
/// <see cref="EventKinds.ByTopic(string)"/>. No method throws for any input.</summary>
public interface IEventKind
{
    /// <summary>The input topic, e.g. <c>user_events</c>.</summary>
    string Topic { get; }

    /// <summary>The event record type, e.g. <c>typeof(UserEvent)</c>.</summary>
    Type EventType { get; }

    /// <summary>Validates a client's body and serializes the accepted event.</summary>
    ParseResult<ParsedEvent> Parse(ReadOnlySpan<byte> utf8Json, EventStamp stamp);

    /// <summary>Validates one item of a batch (an element of an already parsed document).</summary>
    ParseResult<ParsedEvent> Parse(JsonElement element, EventStamp stamp);

    /// <summary>Reads a record back from the topic; see <see cref="EventKind{T}.Deserialize"/>.</summary>
    ParseResult<ParsedEvent> Deserialize(ReadOnlySpan<byte> utf8Json, EventStamp? fallback = null);
}
