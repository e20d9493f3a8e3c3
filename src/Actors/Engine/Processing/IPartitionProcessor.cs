namespace Streaming.Engine.Processing;

/// <summary>Drives one input partition, one step at a time (see <see cref="PartitionProcessor{TInput, TOutput}"/>). Disposed when its partition's stream ends.</summary>
public interface IPartitionProcessor : IDisposable
{
    /// <summary>Takes over the partition from its last checkpoint; returns the offset to read from, or null when <paramref name="released"/> completed while the partition was held.</summary>
    Task<long?> StartAsync(Task released);

    /// <summary>One step over a batch (empty on a clock tick); returns the committable of the last record a checkpoint covered, if one landed.</summary>
    Task<object?> StepAsync(IReadOnlyList<ConsumedRecord> batch);

    /// <summary>Ends processing here with a checkpoint of everything processed; returns its committable.</summary>
    Task<object?> DrainAsync();
}
