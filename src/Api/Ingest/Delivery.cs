namespace Streaming.Api.Ingest;

/// <summary>Where Kafka stored an acknowledged record.</summary>
public sealed record Delivery(string Topic, int Partition, long Offset);
