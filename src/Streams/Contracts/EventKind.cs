using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Streaming.Streams.Contracts;

/// <summary>One input topic's event kind: parse (validate) client input, serialize, read back from
/// the topic. Get the instances from <see cref="EventKinds"/>. Parsing never throws for any input:
/// every problem becomes a <see cref="FieldError"/>.</summary>
public sealed class EventKind<T> : IEventKind
    where T : class, IInputEvent
{
    private readonly Func<T, string> _keyOf;
    private readonly Func<JsonElement, ParseContext, T?> _read;

    internal EventKind(string topic, Func<T, string> keyOf, Func<JsonElement, ParseContext, T?> read, JsonTypeInfo<T> typeInfo)
    {
        Topic = topic;
        _keyOf = keyOf;
        _read = read;
        TypeInfo = typeInfo;
    }

    public string Topic { get; }

    public Type EventType => typeof(T);

    /// <summary>The source-generated metadata events of this kind are written with.</summary>
    public JsonTypeInfo<T> TypeInfo { get; }

    /// <summary>The Kafka record key of <paramref name="value"/>.</summary>
    public string KeyOf(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return _keyOf(value);
    }

    /// <summary>Validates a client's body (UTF-8 JSON). A missing timestamp becomes the stamp's
    /// receive time, a missing event_id a new id from the stamp; ingested_at is the receive time.</summary>
    public ParseResult<T> Parse(ReadOnlySpan<byte> utf8Json, EventStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        return Run(utf8Json, new ParseContext(fromTopic: false, stamp));
    }

    /// <summary>As <see cref="Parse(ReadOnlySpan{byte}, EventStamp)"/>, for one item of a batch.</summary>
    public ParseResult<T> Parse(JsonElement element, EventStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        return Run(element, new ParseContext(fromTopic: false, stamp));
    }

    /// <summary>Reads a record back from the topic, with the same rules as <see cref="Parse(ReadOnlySpan{byte}, EventStamp)"/>
    /// but keeping the record's event_id and ingested_at. Without <paramref name="fallback"/>, event_id,
    /// timestamp and ingested_at are required; with it, a record written by another producer gets them
    /// from the fallback (e.g. the Kafka timestamp and an id made of topic, partition and offset).</summary>
    public ParseResult<T> Deserialize(ReadOnlySpan<byte> utf8Json, EventStamp? fallback = null) =>
        Run(utf8Json, new ParseContext(fromTopic: true, fallback));

    /// <summary>UTF-8 JSON of <paramref name="value"/>: snake_case, nulls omitted, UTC times with milliseconds.</summary>
    public byte[] Serialize(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo);
    }

    /// <summary>The Kafka record for <paramref name="value"/>.</summary>
    public ParsedEvent ToParsedEvent(T value) =>
        new(Topic, KeyOf(value), value.EventId, value.Timestamp, Serialize(value), value);

    ParseResult<ParsedEvent> IEventKind.Parse(ReadOnlySpan<byte> utf8Json, EventStamp stamp) =>
        ToParsed(Parse(utf8Json, stamp));

    ParseResult<ParsedEvent> IEventKind.Parse(JsonElement element, EventStamp stamp) =>
        ToParsed(Parse(element, stamp));

    ParseResult<ParsedEvent> IEventKind.Deserialize(ReadOnlySpan<byte> utf8Json, EventStamp? fallback) =>
        ToParsed(Deserialize(utf8Json, fallback));

    private ParseResult<ParsedEvent> ToParsed(ParseResult<T> result)
    {
        if (!result.IsSuccess)
        {
            return ParseResult.Fail<ParsedEvent>(result.Errors);
        }

        try
        {
            return ParseResult.Ok(ToParsedEvent(result.Value));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return ParseResult.Fail<ParsedEvent>(FieldError.Body, "could not be serialized: " + ex.Message);
        }
    }

    private ParseResult<T> Run(ReadOnlySpan<byte> utf8Json, ParseContext context)
    {
        try
        {
            using var document = JsonObjectReader.Read(utf8Json, context.Errors);
            return document is null ? Failed(context) : Validate(document.RootElement, context);
        }
        catch (Exception ex) when (IsInputProblem(ex))
        {
            return ParseResult.Fail<T>(FieldError.Body, "could not be read: " + ex.Message);
        }
    }

    private ParseResult<T> Run(JsonElement element, ParseContext context)
    {
        try
        {
            return Validate(element, context);
        }
        catch (Exception ex) when (IsInputProblem(ex))
        {
            return ParseResult.Fail<T>(FieldError.Body, "could not be read: " + ex.Message);
        }
    }

    private ParseResult<T> Validate(JsonElement root, ParseContext context)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Fail<T>(FieldError.Body, "must be a JSON object");
        }

        if (!JsonShapeCheck.Check(root, context.Errors))
        {
            return Failed(context);
        }

        var value = _read(root, context);
        return value is not null && !context.Errors.HasErrors ? ParseResult.Ok(value) : Failed(context);
    }

    private static ParseResult<T> Failed(ParseContext context) =>
        context.Errors.HasErrors
            ? ParseResult.Fail<T>(context.Errors.Errors)
            : ParseResult.Fail<T>(FieldError.Body, "could not be read");

    private static bool IsInputProblem(Exception ex) =>
        ex is JsonException or InvalidOperationException or ArgumentException or FormatException
            or OverflowException or ObjectDisposedException or NotSupportedException or IndexOutOfRangeException;
}
