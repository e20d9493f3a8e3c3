using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;
using Streaming.Actors.Entities;
using Streaming.Actors.Orders;
using Streaming.Actors.Products;
using Streaming.Actors.Sessions;

namespace Streaming.Actors.Engine;

/// <summary>
/// Akka serializer for the engine's persisted checkpoints and inter-node messages: System.Text.Json
/// with source generation, a short manifest per type (the type's name; for a generic type its name
/// and its arguments', e.g. <c>ApplyInputs[ProductActivity]</c>). Persisted bytes stay readable
/// across versions as long as fields are only added.
/// </summary>
public sealed class EngineSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(PartitionCheckpoint), typeof(OutputsStamped),
        typeof(EntityCheckpoint<UserSessionState>), typeof(EntityCheckpoint<ProductWindowsState>),
        typeof(EntityCheckpoint<UserAnomalyState>), typeof(EntityCheckpoint<OrderLifecycleState>),
        typeof(EntityCheckpointDelta<ProductWindowsDelta>),
        typeof(ApplyInputs<SessionEvent>), typeof(ApplyInputs<ProductActivity>), typeof(ApplyInputs<OrderActivity>),
        typeof(InputsApplied<UserSession>), typeof(InputsApplied<ProductPopularity>), typeof(InputsApplied<AnomalyAlert>),
        typeof(FireTimers), typeof(TimersFired<UserSession>), typeof(TimersFired<ProductPopularity>), typeof(TimersFired<AnomalyAlert>),
        typeof(CheckpointEntity), typeof(EntityCheckpointed), typeof(CheckpointConfirmed),
        typeof(PartitionCheckpointed), typeof(LoadEntityState), typeof(EntityStateLoaded), typeof(SaveStamps), typeof(StampsSaved),
        typeof(PartitionStateSnapshot),
        typeof(GetUserSession), typeof(UserSessionView),
        typeof(GetProductWindows), typeof(ProductWindowsView),
        typeof(RememberAlerts), typeof(GetUserAlerts), typeof(UserAlertsView),
        typeof(GetPartitionCheckpoint), typeof(PartitionCheckpointView),
        typeof(OpenPartition), typeof(PartitionOpened), typeof(ClosePartition), typeof(ResetPartition), typeof(PartitionResetAnswer),
        typeof(PartitionStateDropped),
        typeof(SavePartitionCheckpoint), typeof(PartitionCheckpointSaved),
        typeof(TrendingCheckpoint), typeof(TrendingContribution), typeof(TrendingAccepted),
    ];

    private static readonly FrozenDictionary<Type, string> ManifestOf = Types.Select(t => KeyValuePair.Create(t, Name(t))).ToFrozenDictionary();

    /// <summary>Manifests written by earlier versions, and the type that reads their (unchanged) JSON.</summary>
    private static readonly IReadOnlyList<KeyValuePair<string, Type>> Legacy =
    [
        new("UserSessionCheckpoint", typeof(EntityCheckpoint<UserSessionState>)),
    ];

    private static readonly FrozenDictionary<string, Type> ByManifest =
        Types.Select(t => KeyValuePair.Create(Name(t), t)).Concat(Legacy).ToFrozenDictionary(StringComparer.Ordinal);

    public override int Identifier => 7_341;

    public override string Manifest(object o) => ManifestFor(o.GetType());

    /// <summary>The manifest of a registered type (looked up, not built again per call).</summary>
    public static string ManifestFor(Type type) =>
        ManifestOf.TryGetValue(type, out var manifest)
            ? manifest
            : throw new System.Runtime.Serialization.SerializationException($"{type.Name} is not registered in EngineSerializer.Types.");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, Info(obj.GetType()));

    public override object FromBinary(byte[] bytes, string manifest) =>
        JsonSerializer.Deserialize(bytes, Info(TypeOf(manifest))) ?? throw new System.Runtime.Serialization.SerializationException($"Empty {manifest} payload.");

    /// <summary>The type a manifest names (including the manifests of earlier versions).</summary>
    public static Type TypeOf(string manifest) =>
        ByManifest.TryGetValue(manifest, out var type)
            ? type
            : throw new System.Runtime.Serialization.SerializationException($"Unknown engine manifest '{manifest}'.");

    /// <summary>The manifest of a type: its name, and for a generic type its arguments' manifests in brackets.</summary>
    public static string Name(Type type) =>
        type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "[" + string.Join(",", type.GenericTypeArguments.Select(Name)) + "]"
            : type.Name;

    public static JsonTypeInfo Info(Type type) =>
        EngineJsonContext.Default.GetTypeInfo(type) ?? throw new System.Runtime.Serialization.SerializationException($"{type.Name} is not registered in EngineJsonContext.");
}
