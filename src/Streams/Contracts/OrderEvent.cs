namespace Streaming.Streams.Contracts;

/// <summary>An event of topic <c>order_events</c>, keyed by <see cref="UserId"/>. Equality compares
/// <see cref="Items"/> element by element.</summary>
public sealed record OrderEvent : IInputEvent
{
    public required string EventId { get; init; }

    public required string OrderId { get; init; }

    public required string UserId { get; init; }

    public required OrderStatus Status { get; init; }

    /// <summary>≥ 0.</summary>
    public required decimal TotalAmount { get; init; }

    /// <summary>Three uppercase letters; KRW when the client sent none.</summary>
    public string Currency { get; init; } = ContractLimits.DefaultCurrency;

    /// <summary>Null when the client sent no items (an empty list when it sent an empty array).</summary>
    public IReadOnlyList<OrderItem>? Items { get; init; }

    public ShippingAddress? ShippingAddress { get; init; }

    public string? PaymentMethod { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required DateTimeOffset IngestedAt { get; init; }

    public bool Equals(OrderEvent? other) =>
        other is not null
        && string.Equals(EventId, other.EventId, StringComparison.Ordinal)
        && string.Equals(OrderId, other.OrderId, StringComparison.Ordinal)
        && string.Equals(UserId, other.UserId, StringComparison.Ordinal)
        && Status == other.Status
        && TotalAmount == other.TotalAmount
        && string.Equals(Currency, other.Currency, StringComparison.Ordinal)
        && ItemsEqual(Items, other.Items)
        && Equals(ShippingAddress, other.ShippingAddress)
        && string.Equals(PaymentMethod, other.PaymentMethod, StringComparison.Ordinal)
        && Timestamp == other.Timestamp
        && IngestedAt == other.IngestedAt;

    public override int GetHashCode() =>
        HashCode.Combine(EventId, OrderId, UserId, Status, TotalAmount, Timestamp, Items?.Count ?? -1);

    private static bool ItemsEqual(IReadOnlyList<OrderItem>? a, IReadOnlyList<OrderItem>? b) =>
        a is null || b is null ? a is null && b is null : a.SequenceEqual(b);
}
