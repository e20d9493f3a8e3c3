namespace Streaming.Streams.Contracts;

/// <summary>One line of an order: all three fields are required on input.</summary>
public sealed record OrderItem
{
    public required string ProductId { get; init; }

    /// <summary>≥ 1.</summary>
    public required int Quantity { get; init; }

    /// <summary>Unit price, ≥ 0.</summary>
    public required decimal Price { get; init; }
}
