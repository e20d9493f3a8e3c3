namespace Streaming.Streams.Contracts;

/// <summary>What every accepted input event carries.</summary>
public interface IInputEvent
{
    /// <summary>The client's event_id, or a UUIDv7 made at ingest.</summary>
    string EventId { get; }

    /// <summary>Event time, UTC, millisecond precision (the receive time when the client sent none).</summary>
    DateTimeOffset Timestamp { get; }

    /// <summary>When the gateway accepted the event, UTC, millisecond precision.</summary>
    DateTimeOffset IngestedAt { get; }
}
