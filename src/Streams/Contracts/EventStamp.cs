namespace Streaming.Streams.Contracts;

/// <summary>What the receiver adds to an input event: the receive time (becomes <c>ingested_at</c>,
/// and <c>timestamp</c> when the client sent none) and the factory for new event ids (used when
/// the client sent no <c>event_id</c>). Pass a fixed clock and id factory in tests.</summary>
public sealed record EventStamp
{
    public EventStamp(DateTimeOffset receivedAt, Func<string> newEventId)
    {
        ArgumentNullException.ThrowIfNull(newEventId);
        ReceivedAt = UtcTimestamp.Normalize(receivedAt);
        NewEventId = newEventId;
    }

    /// <summary>The receive time, UTC, truncated to milliseconds.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>Makes a new event id; called once per accepted event without a client id.</summary>
    public Func<string> NewEventId { get; }

    /// <summary>A stamp for "now" on <paramref name="clock"/> (default the system clock) with UUIDv7 ids.</summary>
    public static EventStamp Now(TimeProvider? clock = null) => At((clock ?? TimeProvider.System).GetUtcNow());

    /// <summary>A stamp for <paramref name="receivedAt"/> with UUIDv7 ids carrying that time.</summary>
    public static EventStamp At(DateTimeOffset receivedAt)
    {
        var at = UtcTimestamp.Normalize(receivedAt);
        return new EventStamp(at, () => Guid.CreateVersion7(at).ToString("D"));
    }
}
