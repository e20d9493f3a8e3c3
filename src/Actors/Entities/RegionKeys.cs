namespace Streaming.Actors.Entities;

/// <summary>ActorRegistry key of the user-session shard region.</summary>
public sealed class UserSessionRegion;

/// <summary>ActorRegistry key of the partition-checkpoint shard region.</summary>
public sealed class PartitionCheckpointRegion;
