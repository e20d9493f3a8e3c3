using System.Text.Json;
using System.Text.Json.Serialization;
using Streaming.Actors.Engine;

namespace Streaming.Actors.Entities;

/// <summary>
/// An entity's checkpoint (or a delta of it) as its partition's store keeps it, journals it and hands it back: JSON
/// made once, by the entity that staged it, under the manifest of its type (see <see cref="EngineSerializer"/>). The
/// store and the journal then only copy bytes — the journal serializes the events of every partition of a node on one
/// actor — and the store's memory holds one array per entity instead of the state's object graph.
/// </summary>
[JsonConverter(typeof(StatePayloadConverter))]
public sealed class StatePayload
{
    public StatePayload(string manifest, byte[] json)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifest);
        ArgumentNullException.ThrowIfNull(json);
        Manifest = manifest;
        Json = json;
    }

    public string Manifest { get; }

    public byte[] Json { get; }

    /// <summary>The payload of <paramref name="value"/>, a type of <see cref="EngineSerializer.Types"/>.</summary>
    public static StatePayload Of(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var type = value.GetType();
        return new StatePayload(EngineSerializer.ManifestFor(type), JsonSerializer.SerializeToUtf8Bytes(value, EngineSerializer.Info(type)));
    }

    public bool Is<T>() => string.Equals(Manifest, EngineSerializer.ManifestFor(typeof(T)), StringComparison.Ordinal);

    /// <summary>The value again.</summary>
    public object Read() =>
        JsonSerializer.Deserialize(Json, EngineSerializer.Info(EngineSerializer.TypeOf(Manifest))) ?? throw new JsonException($"An empty {Manifest} payload.");
}

/// <summary>
/// A <see cref="StatePayload"/> inside an engine message or event: <c>{"manifest": "...", "value": {...}}</c>, the value
/// written and read as the raw JSON it is.
/// </summary>
public sealed class StatePayloadConverter : JsonConverter<StatePayload>
{
    public override StatePayload Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (!root.TryGetProperty("manifest", out var manifest) || !root.TryGetProperty("value", out var value))
            throw new JsonException("An entity state payload needs 'manifest' and 'value'.");
        return new StatePayload(manifest.GetString() ?? "", System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value).ToArray());
    }

    public override void Write(Utf8JsonWriter writer, StatePayload value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("manifest", value.Manifest);
        writer.WritePropertyName("value");
        writer.WriteRawValue(value.Json, skipInputValidation: true);
        writer.WriteEndObject();
    }
}
