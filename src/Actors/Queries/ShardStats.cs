namespace Streaming.Queries;

/// <summary>
/// The shards of one region type on the answering node (Akka's <c>GetShardRegionState</c>): each shard's entities (a
/// sample of their ids), and the shards that did not answer in time. A node without the processor role runs a proxy,
/// which hosts no shards.
/// </summary>
public sealed record ShardStats(string TypeName, string Address, IReadOnlyList<ShardDetail> Shards, IReadOnlyList<string> Failed);

/// <summary>A shard: its entity count and the first of its entity ids in ordinal order.</summary>
public sealed record ShardDetail(string ShardId, int Entities, IReadOnlyList<string> EntityIds);
