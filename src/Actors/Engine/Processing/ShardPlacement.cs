using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding.External;
using Microsoft.Extensions.Logging;

namespace Streaming.Engine.Processing;

/// <summary>
/// One placement authority: the Kafka consumer group. When this node's consumer is assigned a partition, the shards of
/// that partition (one per keyed-state kind; shard id = partition) are recorded at this node for sharding's
/// <see cref="ExternalShardAllocationStrategy"/>, which allocates and rebalances them there — the design of Alpakka
/// Kafka's KafkaClusterSharding. Processor, entities and state then share a node, and the hot path stays local.
/// </summary>
public sealed class ShardPlacement(ActorSystem system, ILogger log)
{
    private readonly Address _self = Akka.Cluster.Cluster.Get(system).SelfAddress;
    private readonly ExternalShardAllocation _allocation = ExternalShardAllocation.Get(system);

    /// <summary>Records this node as the home of <paramref name="partition"/>'s shards of every kind in <paramref name="kinds"/>.</summary>
    public void Claim(IEnumerable<string> kinds, int partition)
    {
        var shard = partition.ToString(CultureInfo.InvariantCulture);
        foreach (var kind in kinds)
        {
            _allocation.ClientFor(kind).UpdateShardLocation(shard, _self).ContinueWith(t =>
            {
                // Without the record the shard stays where it is: correct (replies cross nodes and are counted), only slower.
                if (t.IsFaulted) log.LogWarning(t.Exception, "Could not record shard {Shard} of {Kind} at {Node}", shard, kind, _self);
            }, TaskScheduler.Default);
        }
    }
}
