using System.Globalization;
using Akka.Cluster.Sharding;

namespace Streaming.Engine.Entities;

/// <summary>
/// Routes entity messages by key, into the shard of their input partition: every key of a partition lives in one
/// shard, so the partition's processor, its entities and its state can be placed together.
/// </summary>
public sealed class PartitionShardExtractor : IMessageExtractor
{
    public string? EntityId(object message) => (message as IEntityMessage)?.EntityId;

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => message is IEntityMessage m ? m.Partition.ToString(CultureInfo.InvariantCulture) : null;

    public string ShardId(string entityId, object? messageHint = null) =>
        messageHint is IEntityMessage m ? m.Partition.ToString(CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"Entity {entityId} cannot be started without a message naming its partition.");
}
