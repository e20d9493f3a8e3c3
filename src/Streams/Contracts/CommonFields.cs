namespace Streaming.Streams.Contracts;

/// <summary>event_id, timestamp and ingested_at, as every event kind reads them.</summary>
internal readonly record struct CommonFields(string? ClientEventId, DateTimeOffset Timestamp, DateTimeOffset IngestedAt)
{
    public static CommonFields Read(ObjectReader reader, ParseContext context)
    {
        var stamp = context.Stamp;
        var eventId = reader.String("event_id", required: stamp is null, FieldRules.EventId);
        var timestamp = reader.Timestamp("timestamp", required: stamp is null);
        var ingestedAt = context.FromTopic ? reader.Timestamp("ingested_at", required: stamp is null) : null;
        var fallback = stamp?.ReceivedAt ?? default;
        return new CommonFields(eventId, timestamp ?? fallback, ingestedAt ?? fallback);
    }

    /// <summary>The event id to use; call only once the parse has succeeded.</summary>
    public string EventId(ParseContext context) => ClientEventId ?? context.Stamp!.NewEventId();
}
