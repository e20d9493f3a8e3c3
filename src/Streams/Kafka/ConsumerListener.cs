namespace Streaming.Streams.Kafka;

/// <summary>The partitioned source stage's async callbacks, invoked from the consumer thread.</summary>
internal sealed record ConsumerListener(Action<PartitionBuffer> Assigned, Action Stopped, Action<Exception?> Finished);
