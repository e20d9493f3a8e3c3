namespace Streaming.Streams.Kafka;

/// <summary>Materialized value of the committable sources.</summary>
public interface IKafkaControl
{
    /// <summary>
    /// Stops emitting: pauses every partition and completes the sub-sources and the source. The
    /// consumer stays in its group and keeps committing offsets handed to the committer, until
    /// <see cref="Shutdown"/>. The task completes once emission has stopped.
    /// </summary>
#pragma warning disable CA1716 // Stop/Shutdown are the established names of this control (Akka.Streams.Kafka, Alpakka).
    Task Stop();
#pragma warning restore CA1716

    /// <summary>
    /// Commits everything handed to the committer so far, then closes the consumer (leaving the
    /// group so it rebalances at once). Returns <see cref="Completion"/>.
    /// </summary>
    Task Shutdown();

    /// <summary>Completes when the consumer is closed; faulted when it failed.</summary>
    Task Completion { get; }

    KafkaConsumerDiagnostics Diagnostics { get; }
}
