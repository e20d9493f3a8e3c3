namespace Streaming.Streams.Contracts;

/// <summary>An event of topic <c>user_events</c>, keyed by <see cref="UserId"/>.</summary>
public sealed record UserEvent : IInputEvent
{
    public required string EventId { get; init; }

    public required string UserId { get; init; }

    /// <summary>A lowercase word: login, logout, page_view, click, search, add_to_cart, purchase, …</summary>
    public required string EventType { get; init; }

    public string? PageUrl { get; init; }

    public EventMetadata? Metadata { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required DateTimeOffset IngestedAt { get; init; }
}
