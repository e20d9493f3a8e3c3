using System.Text.Json.Serialization;
using Streaming.Actors.Entities;
using Streaming.Actors.Orders;
using Streaming.Actors.Products;
using Streaming.Actors.Sessions;

namespace Streaming.Actors.Engine;

/// <summary>Source-generated JSON for everything the engine persists or sends between nodes (every type of <see cref="EngineSerializer.Types"/>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(UtcMillisecondsJsonConverter)])]
[JsonSerializable(typeof(PartitionCheckpoint))]
[JsonSerializable(typeof(OutputsStamped))]
[JsonSerializable(typeof(EntityCheckpoint<UserSessionState>))]
[JsonSerializable(typeof(EntityCheckpoint<ProductWindowsState>))]
[JsonSerializable(typeof(EntityCheckpoint<UserAnomalyState>))]
[JsonSerializable(typeof(OrderMemo))] // the earlier form of UserAnomalyState.Orders (OrderMemosJsonConverter)
[JsonSerializable(typeof(EntityCheckpoint<OrderLifecycleState>))]
[JsonSerializable(typeof(EntityCheckpointDelta<ProductWindowsDelta>))]
[JsonSerializable(typeof(ApplyInputs<SessionEvent>))]
[JsonSerializable(typeof(ApplyInputs<ProductActivity>))]
[JsonSerializable(typeof(ApplyInputs<OrderActivity>))]
[JsonSerializable(typeof(InputsApplied<UserSession>))]
[JsonSerializable(typeof(InputsApplied<ProductPopularity>))]
[JsonSerializable(typeof(InputsApplied<AnomalyAlert>))]
[JsonSerializable(typeof(FireTimers))]
[JsonSerializable(typeof(TimersFired<UserSession>))]
[JsonSerializable(typeof(TimersFired<ProductPopularity>))]
[JsonSerializable(typeof(TimersFired<AnomalyAlert>))]
[JsonSerializable(typeof(CheckpointEntity))]
[JsonSerializable(typeof(EntityCheckpointed))]
[JsonSerializable(typeof(CheckpointConfirmed))]
[JsonSerializable(typeof(PartitionCheckpointed))]
[JsonSerializable(typeof(LoadEntityState))]
[JsonSerializable(typeof(EntityStateLoaded))]
[JsonSerializable(typeof(SaveStamps))]
[JsonSerializable(typeof(StampsSaved))]
[JsonSerializable(typeof(PartitionStateSnapshot))]
[JsonSerializable(typeof(GetUserSession))]
[JsonSerializable(typeof(UserSessionView))]
[JsonSerializable(typeof(GetProductWindows))]
[JsonSerializable(typeof(ProductWindowsView))]
[JsonSerializable(typeof(RememberAlerts))]
[JsonSerializable(typeof(GetUserAlerts))]
[JsonSerializable(typeof(UserAlertsView))]
[JsonSerializable(typeof(GetPartitionCheckpoint))]
[JsonSerializable(typeof(OpenPartition))]
[JsonSerializable(typeof(PartitionOpened))]
[JsonSerializable(typeof(PartitionCheckpointView))]
[JsonSerializable(typeof(SavePartitionCheckpoint))]
[JsonSerializable(typeof(PartitionCheckpointSaved))]
[JsonSerializable(typeof(TrendingCheckpoint))]
[JsonSerializable(typeof(TrendingContribution))]
[JsonSerializable(typeof(TrendingAccepted))]
[JsonSerializable(typeof(LateEventRecord))]
[JsonSerializable(typeof(DeadLetterRecord))]
public sealed partial class EngineJsonContext : JsonSerializerContext;
