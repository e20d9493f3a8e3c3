using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streaming.Streams.Contracts;

/// <summary><c>properties</c> of a product event: the known fields typed, every other field the
/// client sent kept in <see cref="Extra"/> and written back as it came.</summary>
public sealed record ProductProperties
{
    private Dictionary<string, JsonElement>? _extra;

    public string? Category { get; init; }

    /// <summary>Unit price, ≥ 0.</summary>
    public decimal? Price { get; init; }

    public string? Brand { get; init; }

    /// <summary>The client's other fields (never the known ones), or null when there are none.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement>? Extra
    {
        get => _extra;
        init => _extra = FreeForm.Copy(value);
    }

    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData
    {
        get => _extra;
        set => _extra = FreeForm.Adopt(value);
    }

    public bool Equals(ProductProperties? other) =>
        other is not null
        && string.Equals(Category, other.Category, StringComparison.Ordinal)
        && Price == other.Price
        && string.Equals(Brand, other.Brand, StringComparison.Ordinal)
        && FreeForm.Equal(_extra, other._extra);

    public override int GetHashCode() => HashCode.Combine(Category, Price, Brand, FreeForm.Hash(_extra));
}
