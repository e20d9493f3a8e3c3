namespace Streaming.Api.Ingest;

/// <summary>The answer for one accepted event: sent only after Kafka acknowledged it.</summary>
public sealed record Accepted(string Status, string EventId, string Topic, int Partition, long Offset);
