namespace Streaming.Actors.Entities;

/// <summary>ActorRegistry key of the user-session shard region.</summary>
public sealed class UserSessionRegion;

/// <summary>ActorRegistry key of the partition-checkpoint shard region.</summary>
public sealed class PartitionCheckpointRegion;

/// <summary>ActorRegistry key of the product-windows shard region.</summary>
public sealed class ProductWindowsRegion;

/// <summary>ActorRegistry key of the user-anomaly shard region.</summary>
public sealed class UserAnomalyRegion;

/// <summary>ActorRegistry key of the order-lifecycle shard region.</summary>
public sealed class OrderLifecycleRegion;

/// <summary>ActorRegistry key of the trending aggregator's shard region.</summary>
public sealed class TrendingRegion;
