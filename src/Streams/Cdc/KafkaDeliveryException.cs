using Confluent.Kafka;

namespace Streaming.Streams.Cdc;

/// <summary>Kafka did not acknowledge a record. Nothing after it is confirmed to PostgreSQL, so reconnecting
/// delivers it again; a fatal producer error needs a new producer (the host restarts the connector).</summary>
public sealed class KafkaDeliveryException : Exception
{
    public KafkaDeliveryException()
    {
    }

    public KafkaDeliveryException(string message)
        : base(message)
    {
    }

    public KafkaDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KafkaDeliveryException(Error error)
        : base($"Kafka did not acknowledge a change record: {error.Reason} ({error.Code})")
    {
        IsFatal = error.IsFatal;
    }

    /// <summary>The producer cannot be used any more.</summary>
    public bool IsFatal { get; }
}
