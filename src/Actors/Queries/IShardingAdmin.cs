namespace Streaming.Queries;

/// <summary>The engine's shard regions as Akka.Cluster.Sharding reports them (what pbm's <c>cluster sharding</c> verbs show).</summary>
public interface IShardingAdmin
{
    /// <summary>The shard region types this node started (regions or proxies), in ordinal order; null until the engine started them.</summary>
    IReadOnlyList<string>? TypeNames { get; }

    /// <summary>The type's regions across the cluster. Throws <see cref="TimeoutException"/> when sharding does not answer in time.</summary>
    Task<RegionStats> RegionStatsAsync(string typeName, CancellationToken ct = default);

    /// <summary>The type's shards on this node. Throws <see cref="TimeoutException"/> when its region does not answer in time.</summary>
    Task<ShardStats> ShardStatsAsync(string typeName, CancellationToken ct = default);
}
