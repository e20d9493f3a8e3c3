namespace Streaming.Streams.Contracts;

/// <summary><c>shipping_address</c> of an order event: the known fields typed, every other field
/// the client sent kept in <see cref="Extra"/> and written back as it came.</summary>
public sealed record ShippingAddress : FreeFormObject
{
    public string? City { get; init; }

    public string? District { get; init; }

    public bool Equals(ShippingAddress? other) =>
        other is not null && base.Equals(other)
        && string.Equals(City, other.City, StringComparison.Ordinal)
        && string.Equals(District, other.District, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(City, District, base.GetHashCode());
}
