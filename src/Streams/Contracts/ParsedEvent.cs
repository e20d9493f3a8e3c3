namespace Streaming.Streams.Contracts;

/// <summary>An accepted event, ready to produce: <paramref name="Key"/> and <paramref name="Payload"/>
/// (UTF-8 JSON) are the Kafka record's key and value on <paramref name="Topic"/>.</summary>
/// <param name="Topic">The input topic of the event's kind.</param>
/// <param name="Key">The record key per SPEC §1 (user_id, product_id or user_id).</param>
/// <param name="EventId">The client's event_id or the one made at ingest.</param>
/// <param name="Timestamp">Event time, UTC, milliseconds.</param>
/// <param name="Payload">The serialized event (do not modify).</param>
/// <param name="Event">The typed event (<see cref="UserEvent"/>, <see cref="ProductEvent"/> or <see cref="OrderEvent"/>).</param>
public sealed record ParsedEvent(
    string Topic,
    string Key,
    string EventId,
    DateTimeOffset Timestamp,
    byte[] Payload,
    IInputEvent Event);
