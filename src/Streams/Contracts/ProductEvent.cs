namespace Streaming.Streams.Contracts;

/// <summary>An event of topic <c>product_analytics</c>, keyed by <see cref="ProductId"/>.</summary>
public sealed record ProductEvent : IInputEvent
{
    public required string EventId { get; init; }

    public required string ProductId { get; init; }

    public required ProductAction Action { get; init; }

    public string? UserId { get; init; }

    public string? SessionId { get; init; }

    /// <summary>≥ 1; 1 when the client sent none.</summary>
    public int Quantity { get; init; } = 1;

    public ProductProperties? Properties { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required DateTimeOffset IngestedAt { get; init; }
}
