using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Streaming.Engine.Hosting;

/// <summary>
/// An allocation strategy (the partition-aligned <see cref="Akka.Cluster.Sharding.External.ExternalShardAllocationStrategy"/>)
/// that does not rebalance a shard away from a region on an unreachable node: that hand-off cannot complete, and the
/// coordinator holds the shard's home until its hand-off timeout, so the node that took the partition over would wait
/// for it long after the dead node was downed and its shards freed. Once the node is removed, its shards are
/// allocated afresh, where the strategy's partition owner is.
/// </summary>
public sealed class ReachableShardAllocation(ActorSystem system, IShardAllocationStrategy inner) : IStartableAllocationStrategy
{
    public void Start()
    {
        if (inner is IStartableAllocationStrategy startable) startable.Start();
    }

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations) =>
        inner.AllocateShard(requester, shardId, currentShardAllocations);

    public async Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations,
        IImmutableSet<string> rebalanceInProgress)
    {
        var shards = await inner.Rebalance(currentShardAllocations, rebalanceInProgress);
        return WithoutUnreachable(shards, currentShardAllocations, Akka.Cluster.Cluster.Get(system).State.Unreachable.Select(m => m.Address).ToHashSet());
    }

    /// <summary>The shards to rebalance, less those hosted by a region on one of the <paramref name="unreachable"/> nodes.</summary>
    public static IImmutableSet<string> WithoutUnreachable(IImmutableSet<string> shards, IImmutableDictionary<IActorRef, IImmutableList<string>> allocations,
        IReadOnlySet<Address> unreachable)
    {
        if (shards.Count == 0 || unreachable.Count == 0) return shards;
        return shards.Except(allocations.Where(region => unreachable.Contains(region.Key.Path.Address)).SelectMany(region => region.Value));
    }
}
