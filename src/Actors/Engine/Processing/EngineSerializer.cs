using System.Collections.Concurrent;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace Streaming.Engine.Processing;

/// <summary>
/// Akka serializer for the engine's messages between nodes and the combiners' persisted events: System.Text.Json over
/// the message's own type, named by its assembly-qualified name (generic messages carry the analytic's input and output
/// types, so any registered analytic's messages serialize without a registration of their own).
/// </summary>
public sealed class EngineSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General) { IncludeFields = false };
    private readonly ConcurrentDictionary<string, Type> _types = new(StringComparer.Ordinal);

    public override int Identifier => 7_342;

    public override string Manifest(object o) => o.GetType().AssemblyQualifiedName ?? o.GetType().FullName!;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var type = _types.GetOrAdd(manifest, m => Type.GetType(m, throwOnError: false)
            ?? throw new System.Runtime.Serialization.SerializationException($"Unknown engine message type '{m}'."));
        return JsonSerializer.Deserialize(bytes, type, Options) ?? throw new System.Runtime.Serialization.SerializationException($"Empty {type.Name} payload.");
    }
}
