namespace Streaming.Streams.Kinesis;

/// <summary>A Kafka record that cannot go to Kinesis.</summary>
/// <param name="Source">The record (its value is kept here but not in the dead-letter report).</param>
/// <param name="Stream">The stream it was meant for.</param>
/// <param name="Error">Why: too large, or Kinesis' per-record error.</param>
/// <param name="EnvelopeBytes">Size of its envelope plus partition key.</param>
/// <param name="DetectedAt">When the forwarder gave up on it.</param>
public sealed record PoisonRecord(KafkaRecord Source, string Stream, string Error, int EnvelopeBytes, DateTimeOffset DetectedAt);
