using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;

namespace Streaming.Actors.Engine;

/// <summary>
/// Akka serializer for the engine's persisted checkpoints and inter-node messages: System.Text.Json
/// with source generation, a short manifest per type. Persisted bytes stay readable across
/// versions as long as fields are only added.
/// </summary>
public sealed class EngineSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(Entities.UserSessionCheckpoint), typeof(Entities.PartitionCheckpoint),
        typeof(Entities.ApplyUserEvents), typeof(Entities.UserEventsApplied),
        typeof(Entities.CloseUserSessions), typeof(Entities.UserSessionsClosed),
        typeof(Entities.CheckpointUser), typeof(Entities.UserCheckpointed),
        typeof(Entities.GetUserSession), typeof(Entities.UserSessionView),
        typeof(Entities.GetPartitionCheckpoint), typeof(Entities.PartitionCheckpointView),
        typeof(Entities.OpenPartition), typeof(Entities.PartitionOpened),
        typeof(Entities.SavePartitionCheckpoint), typeof(Entities.PartitionCheckpointSaved),
    ];

    private static readonly FrozenDictionary<string, Type> ByManifest = Types.ToFrozenDictionary(t => t.Name, t => t, StringComparer.Ordinal);

    public override int Identifier => 7_341;

    public override string Manifest(object o) => o.GetType().Name;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, Info(obj.GetType()));

    public override object FromBinary(byte[] bytes, string manifest) =>
        ByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, Info(type)) ?? throw new System.Runtime.Serialization.SerializationException($"Empty {manifest} payload.")
            : throw new System.Runtime.Serialization.SerializationException($"Unknown engine manifest '{manifest}'.");

    private static JsonTypeInfo Info(Type type) =>
        EngineJsonContext.Default.GetTypeInfo(type) ?? throw new System.Runtime.Serialization.SerializationException($"{type.Name} is not registered in EngineJsonContext.");
}
