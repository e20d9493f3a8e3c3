using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streaming.Streams.Contracts;

/// <summary><c>metadata</c> of a user event: the known fields typed, every other field the
/// client sent kept in <see cref="Extra"/> and written back as it came.</summary>
public sealed record EventMetadata
{
    private Dictionary<string, JsonElement>? _extra;

    public string? Device { get; init; }

    public string? Location { get; init; }

    public string? SessionId { get; init; }

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

    public bool Equals(EventMetadata? other) =>
        other is not null
        && string.Equals(Device, other.Device, StringComparison.Ordinal)
        && string.Equals(Location, other.Location, StringComparison.Ordinal)
        && string.Equals(SessionId, other.SessionId, StringComparison.Ordinal)
        && FreeForm.Equal(_extra, other._extra);

    public override int GetHashCode() => HashCode.Combine(Device, Location, SessionId, FreeForm.Hash(_extra));
}
