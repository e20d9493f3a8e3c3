using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streaming.Streams.Contracts;

/// <summary><c>shipping_address</c> of an order event: the known fields typed, every other field
/// the client sent kept in <see cref="Extra"/> and written back as it came.</summary>
public sealed record ShippingAddress
{
    private Dictionary<string, JsonElement>? _extra;

    public string? City { get; init; }

    public string? District { get; init; }

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

    public bool Equals(ShippingAddress? other) =>
        other is not null
        && string.Equals(City, other.City, StringComparison.Ordinal)
        && string.Equals(District, other.District, StringComparison.Ordinal)
        && FreeForm.Equal(_extra, other._extra);

    public override int GetHashCode() => HashCode.Combine(City, District, FreeForm.Hash(_extra));
}
