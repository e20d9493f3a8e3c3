using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Streaming.Engine.Hosting;
using Streaming.Queries;

namespace Streaming.Nodes;

/// <summary>
/// <see cref="IShardingAdmin"/> on Akka.Cluster.Sharding's own queries, asked of the regions this node started. A proxy
/// (a node without the processor role) forwards <c>GetClusterShardingStats</c> to the coordinator like a region does,
/// so the cluster-wide view works from any node; <c>GetShardRegionState</c> reports the node's own shards, none on a proxy.
/// </summary>
public sealed class ShardingAdmin(ActorSystem system, EngineParts parts) : IShardingAdmin
{
    /// <summary>How long the coordinator waits for each region, and this node for the coordinator (a little longer).</summary>
    private static readonly TimeSpan RegionTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public IReadOnlyList<string>? TypeNames => Regions() is { } regions ? [.. regions.Keys.Order(StringComparer.Ordinal)] : null;

    public async Task<RegionStats> RegionStatsAsync(string typeName, CancellationToken ct = default)
    {
        var stats = await AskAsync<ClusterShardingStats>(typeName, new GetClusterShardingStats(RegionTimeout), ct);
        var answered = stats.Regions.ToDictionary(r => r.Key.ToString(), r => (IReadOnlyDictionary<string, int>)r.Value.Stats.ToDictionary(), StringComparer.Ordinal);
        // Regions run on the processors; the coordinator asks the ones registered with it, and gives up on all of them
        // when one does not answer, so the members that should have answered name what is missing.
        var expected = Cluster.Get(system).State.Members
            .Where(m => m.HasRole(EngineShards.ProcessorRole) && m.Status is MemberStatus.Up or MemberStatus.Leaving)
            .Select(m => m.Address.ToString());
        return ShardingViews.RegionStats(typeName, answered, expected);
    }

    public async Task<ShardStats> ShardStatsAsync(string typeName, CancellationToken ct = default)
    {
        var state = await AskAsync<CurrentShardRegionState>(typeName, GetShardRegionState.Instance, ct);
        return ShardingViews.ShardStats(typeName, Cluster.Get(system).SelfAddress.ToString(),
            state.Shards.Select(s => new KeyValuePair<string, IReadOnlyCollection<string>>(s.ShardId, s.EntityIds)), state.Failed);
    }

    private async Task<T> AskAsync<T>(string typeName, object query, CancellationToken ct)
    {
        if (Regions() is not { } regions || !regions.TryGetValue(typeName, out var region))
            throw new KeyNotFoundException($"No shard region type '{typeName}' on this node.");
        try
        {
            return await region.Ask<T>(query, AskTimeout, ct);
        }
        catch (AskTimeoutException e)
        {
            throw new TimeoutException($"Sharding did not answer for {typeName} within {AskTimeout.TotalSeconds:0} s.", e);
        }
    }

    /// <summary>Every region type by its sharding name: entity kinds, and combiners as <c>combiner-{name}</c>.</summary>
    private Dictionary<string, IActorRef>? Regions() =>
        parts.Regions is { } started
            ? started.Entities.Concat(started.Combiners.Select(c => KeyValuePair.Create(EngineShards.CombinerTypeName(c.Key), c.Value)))
                .ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal)
            : null;
}
