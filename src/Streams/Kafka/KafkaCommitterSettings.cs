namespace Streaming.Streams.Kafka;

/// <summary>
/// When the committer asks the consumer to commit what the pipeline handed over: after
/// <see cref="MaxBatch"/> offsets or <see cref="MaxInterval"/> after the first uncommitted one,
/// whichever comes first. Offsets are staged with the consumer as soon as they reach the
/// committer, so a revoked partition's handed-over offsets are committed on revocation even
/// when the batch is not yet due.
/// </summary>
public sealed record KafkaCommitterSettings
{
    public static readonly KafkaCommitterSettings Default = new();

    public int MaxBatch { get; init; } = 1000;
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(1);

    public KafkaCommitterSettings Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatch, 1, nameof(MaxBatch));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxInterval, TimeSpan.Zero, nameof(MaxInterval));
        return this;
    }
}
