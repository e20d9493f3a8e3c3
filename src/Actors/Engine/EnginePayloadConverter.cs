using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streaming.Actors.Engine;

/// <summary>
/// JSON for a field typed <see cref="object"/> that holds one of <see cref="EngineSerializer.Types"/>:
/// <c>{"manifest": "...", "value": {...}}</c>, so an entity state staged on one node can travel to
/// the node that writes it.
/// </summary>
public sealed class EnginePayloadConverter : JsonConverter<object>
{
    public override object Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (!root.TryGetProperty("manifest", out var manifest) || !root.TryGetProperty("value", out var value))
            throw new JsonException("An engine payload needs 'manifest' and 'value'.");
        var type = EngineSerializer.TypeOf(manifest.GetString() ?? "");
        return value.Deserialize(EngineSerializer.Info(type)) ?? throw new JsonException($"Empty {manifest} payload.");
    }

    public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
    {
        var type = value.GetType();
        writer.WriteStartObject();
        writer.WriteString("manifest", EngineSerializer.ManifestFor(type));
        writer.WritePropertyName("value");
        JsonSerializer.Serialize(writer, value, EngineSerializer.Info(type));
        writer.WriteEndObject();
    }
}
