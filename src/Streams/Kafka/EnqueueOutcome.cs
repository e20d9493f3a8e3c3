namespace Streaming.Streams.Kafka;

internal enum EnqueueOutcome
{
    Accepted,

    /// <summary>Accepted, and the buffer is now full: the consumer thread pauses the partition.</summary>
    AcceptedNowFull,

    /// <summary>The buffer was already full (a record fetched before the pause took effect): seek back to it.</summary>
    Rejected,

    /// <summary>The sub-source is completed or cancelled.</summary>
    Closed,
}
