using Confluent.Kafka;
using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>Drives one input partition, one step at a time (see <see cref="PartitionProcessor{TInput, TOutput}"/>). Disposed when its partition's stream ends (revoked, failed or shut down).</summary>
public interface IPartitionProcessor : IDisposable
{
    /// <summary>Takes over the partition from its last checkpoint; returns the offset to read from, or null when <paramref name="released"/> completed while the partition was held.</summary>
    Task<Offset?> StartAsync(Task released);

    /// <summary>One step over a batch (empty on a clock tick); returns an offset to commit after a checkpoint.</summary>
    Task<CommittableOffset?> StepAsync(IReadOnlyList<CommittableMessage> batch);

    /// <summary>Ends processing here with a checkpoint of everything processed; returns its offset to commit.</summary>
    Task<CommittableOffset?> DrainAsync();
}
