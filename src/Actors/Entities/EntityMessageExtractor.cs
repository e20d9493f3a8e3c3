using Akka.Cluster.Sharding;

namespace Streaming.Actors.Entities;

/// <summary>Routes the engine's entity messages by the id they carry.</summary>
public sealed class EntityMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    public override string? EntityId(object message) => message switch
    {
        IEntityMessage m => m.EntityId,
        IUserSessionMessage m => m.UserId,
        IPartitionCheckpointMessage m => m.PartitionId,
        _ => null,
    };
}
