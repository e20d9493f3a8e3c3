using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streaming.Streams.Contracts;

/// <summary>
/// A client-supplied JSON object whose known fields a derived record types, while every other
/// field the client sent is kept in <see cref="Extra"/> and written back as it came.
/// </summary>
public abstract record FreeFormObject
{
    private Dictionary<string, JsonElement>? _extra;

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

    public virtual bool Equals(FreeFormObject? other) =>
        other is not null && other.EqualityContract == EqualityContract && FreeForm.Equal(_extra, other._extra);

    public override int GetHashCode() => FreeForm.Hash(_extra);
}
