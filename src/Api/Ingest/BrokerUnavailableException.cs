namespace Streaming.Api.Ingest;

/// <summary>Kafka did not acknowledge a record (broker down, queue full, timeout): the client should retry.</summary>
public sealed class BrokerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
