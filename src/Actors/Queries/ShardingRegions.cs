namespace Streaming.Queries;

/// <summary>Every shard region type the engine started, each with its regions' shard and entity counts.</summary>
public sealed record ShardingRegions(IReadOnlyList<ShardingTypeRegions> Types);

/// <summary>The regions of one shard region type (entity kind or combiner), by node address.</summary>
public sealed record ShardingTypeRegions(string TypeName, IReadOnlyList<RegionSummary> Regions);

/// <summary>A region: the node it runs on, how many shards it hosts and how many entities they have in memory.</summary>
public sealed record RegionSummary(string Address, int Shards, int Entities);
