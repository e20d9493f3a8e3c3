using Akka.Actor;

namespace Streaming.Actors.Engine;

/// <summary>
/// The shard regions the engine's partition processors talk to, and how many partitions
/// <c>product_analytics</c> has (the trending aggregator waits for every one's watermark).
/// </summary>
public sealed record EngineRegions(IActorRef Checkpoints, IActorRef Users, IActorRef Products, IActorRef UserAnomalies, IActorRef Orders, IActorRef Trending, int ProductPartitions);
