namespace Streaming.Queries;

/// <summary>
/// One shard region type across the cluster (Akka's <c>GetClusterShardingStats</c>): the regions that answered with
/// their shards, and the addresses of the members that should host a region but did not answer.
/// </summary>
public sealed record RegionStats(string TypeName, IReadOnlyList<RegionShards> Regions, IReadOnlyList<string> Failed);

/// <summary>The shards one region hosts.</summary>
public sealed record RegionShards(string Address, IReadOnlyList<ShardEntities> Shards);

/// <summary>A shard and how many entities it has in memory.</summary>
public sealed record ShardEntities(string ShardId, int Entities);
