using System.Text.Json.Serialization;
using Streaming.Actors.Entities;
using Streaming.Actors.Sessions;

namespace Streaming.Actors.Engine;

/// <summary>Source-generated JSON for everything the engine persists or sends between nodes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(UtcMillisecondsJsonConverter)])]
[JsonSerializable(typeof(UserSessionCheckpoint))]
[JsonSerializable(typeof(PartitionCheckpoint))]
[JsonSerializable(typeof(ApplyUserEvents))]
[JsonSerializable(typeof(UserEventsApplied))]
[JsonSerializable(typeof(CloseUserSessions))]
[JsonSerializable(typeof(UserSessionsClosed))]
[JsonSerializable(typeof(CheckpointUser))]
[JsonSerializable(typeof(UserCheckpointed))]
[JsonSerializable(typeof(GetUserSession))]
[JsonSerializable(typeof(UserSessionView))]
[JsonSerializable(typeof(GetPartitionCheckpoint))]
[JsonSerializable(typeof(OpenPartition))]
[JsonSerializable(typeof(PartitionOpened))]
[JsonSerializable(typeof(PartitionCheckpointView))]
[JsonSerializable(typeof(SavePartitionCheckpoint))]
[JsonSerializable(typeof(PartitionCheckpointSaved))]
[JsonSerializable(typeof(LateEventRecord))]
[JsonSerializable(typeof(DeadLetterRecord))]
public sealed partial class EngineJsonContext : JsonSerializerContext;
