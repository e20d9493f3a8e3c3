namespace Streaming.Streams.Contracts;

/// <summary><c>properties</c> of a product event: the known fields typed, every other field the
/// client sent kept in <see cref="Extra"/> and written back as it came.</summary>
public sealed record ProductProperties : FreeFormObject
{
    public string? Category { get; init; }

    /// <summary>Unit price, ≥ 0.</summary>
    public decimal? Price { get; init; }

    public string? Brand { get; init; }

    public bool Equals(ProductProperties? other) =>
        other is not null && base.Equals(other)
        && string.Equals(Category, other.Category, StringComparison.Ordinal)
        && Price == other.Price
        && string.Equals(Brand, other.Brand, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Category, Price, Brand, base.GetHashCode());
}
