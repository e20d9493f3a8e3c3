using System.Text.Json;
using Streaming.Streams.Contracts;

namespace Streaming.Api.Ingest;

/// <summary>
/// Turns a request body (or a batch item) into the record to produce: the SPEC event kinds
/// validate and normalize it; a custom topic takes any JSON object as is.
/// </summary>
public sealed class EventCodec
{
    public sealed record Intake(string EventId, string? Key, byte[] Payload);

    public sealed record Outcome(Intake? Event, IReadOnlyList<KeyValuePair<string, string[]>> Errors);

    private readonly IEventKind? _kind;
    private readonly string? _customKey;

    private EventCodec(string topic, IEventKind? kind, string? customKey)
    {
        Topic = topic;
        _kind = kind;
        _customKey = customKey;
    }

    public string Topic { get; }

    public static EventCodec UserEvents { get; } = new(TopicNames.UserEvents, EventKinds.User, null);
    public static EventCodec ProductEvents { get; } = new(TopicNames.ProductAnalytics, EventKinds.Product, null);
    public static EventCodec OrderEvents { get; } = new(TopicNames.OrderEvents, EventKinds.Order, null);

    /// <summary>The codec of an input event topic, or null for any other topic.</summary>
    public static EventCodec? ForTopic(string topic) => EventKinds.ByTopic(topic) switch
    {
        null => null,
        var kind => new EventCodec(kind.Topic, kind, null),
    };

    /// <summary>A topic without a schema: the value is written as sent, under the given key.</summary>
    public static EventCodec Custom(string topic, string? key = null) => new(topic, null, key);

    public Outcome Parse(byte[] body, DateTimeOffset now)
    {
        if (_kind is not null) return From(_kind.Parse(body, EventStamp.At(now)));
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = ContractLimits.MaxNestingDepth });
            return Parse(document.RootElement, now);
        }
        catch (JsonException e)
        {
            return Fail(FieldError.Body, "The body is not valid JSON: " + e.Message);
        }
    }

    public Outcome Parse(JsonElement element, DateTimeOffset now)
    {
        if (_kind is not null) return From(_kind.Parse(element, EventStamp.At(now)));
        if (element.ValueKind != JsonValueKind.Object) return Fail(FieldError.Body, "Each record must be a JSON object.");
        try
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(element, ContractsJsonContext.Default.JsonElement);
            return new Outcome(new Intake(Guid.CreateVersion7(now).ToString("D"), _customKey, payload), []);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or JsonException)
        {
            // Unpaired surrogate escapes or invalid UTF-8 inside strings surface only when writing.
            return Fail(FieldError.Body, "The body has text that is not valid Unicode: " + e.Message);
        }
    }

    private static Outcome Fail(string field, string message) => new(null, [new(field, [message])]);

    private static Outcome From(ParseResult<ParsedEvent> result) => result.TryGetValue(out var parsed)
        ? new Outcome(new Intake(parsed.EventId, parsed.Key, parsed.Payload), [])
        : new Outcome(null, result.Errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .Select(g => new KeyValuePair<string, string[]>(g.Key, g.Select(e => e.Message).ToArray())).ToList());
}
