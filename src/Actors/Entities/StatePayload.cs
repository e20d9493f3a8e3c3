using System.Text.Json;
using System.Text.Json.Serialization;
using Streaming.Actors.Engine;

namespace Streaming.Actors.Entities;

/// <summary>
/// An entity's checkpoint (or a delta of it) as its partition's store keeps it, journals it and hands it back: JSON
/// made once, by the entity that staged it, under the manifest of its type (see <see cref="EngineSerializer"/>). The
/// store and the journal then only copy bytes — the journal serializes the events of every partition of a node on one
/// actor — and the store's memory holds one array per entity instead of the state's object graph. A state whose
/// journal gets deltas is serialized whole only when it is first needed so (see <see cref="Deferred"/>).
/// </summary>
[JsonConverter(typeof(StatePayloadConverter))]
public sealed class StatePayload
{
    private readonly object? _value;
    private byte[]? _json;

    public StatePayload(string manifest, byte[] json)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifest);
        ArgumentNullException.ThrowIfNull(json);
        Manifest = manifest;
        _json = json;
    }

    private StatePayload(object value)
    {
        Manifest = EngineSerializer.ManifestFor(value.GetType());
        _value = value;
    }

    public string Manifest { get; }

    /// <summary>The JSON (made now if the payload was deferred; the same bytes whoever asks first).</summary>
    public byte[] Json
    {
        get
        {
            if (Volatile.Read(ref _json) is { } json) return json;
            Interlocked.CompareExchange(ref _json, Serialize(_value!), null);
            return _json!;
        }
    }

    /// <summary>The payload of <paramref name="value"/>, a type of <see cref="EngineSerializer.Types"/>, serialized now.</summary>
    public static StatePayload Of(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new StatePayload(EngineSerializer.ManifestFor(value.GetType()), Serialize(value));
    }

    /// <summary>
    /// The payload of an immutable <paramref name="value"/>, serialized when its JSON is first asked for: a product's
    /// windows go to the journal as deltas, and whole only when compaction rewrites them or they travel to another node.
    /// </summary>
    public static StatePayload Deferred(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new StatePayload(value);
    }

    public bool Is<T>() => string.Equals(Manifest, EngineSerializer.ManifestFor(typeof(T)), StringComparison.Ordinal);

    /// <summary>The value again (the very object when the payload was deferred).</summary>
    public object Read() =>
        _value ?? JsonSerializer.Deserialize(Json, EngineSerializer.Info(EngineSerializer.TypeOf(Manifest))) ?? throw new JsonException($"An empty {Manifest} payload.");

    private static byte[] Serialize(object value) => JsonSerializer.SerializeToUtf8Bytes(value, EngineSerializer.Info(value.GetType()));
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
