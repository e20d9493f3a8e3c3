using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>Drives one input partition, one step at a time (see <see cref="PartitionProcessor{TInput, TOutput}"/>).</summary>
public interface IPartitionProcessor
{
    /// <summary>Takes over the partition from its last checkpoint.</summary>
    Task StartAsync();

    /// <summary>One step over a batch (empty on a clock tick); returns an offset to commit after a checkpoint.</summary>
    Task<CommittableOffset?> StepAsync(IReadOnlyList<CommittableMessage> batch);
}
