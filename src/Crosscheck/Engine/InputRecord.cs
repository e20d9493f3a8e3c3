namespace Streaming.Crosscheck.Engine;

/// <summary>One record of an input topic as the engine reads it: where it sits and its JSON value.</summary>
/// <param name="Partition">The Kafka partition; lateness is judged per partition.</param>
/// <param name="Offset">Its offset; a partition's records are processed in offset order.</param>
/// <param name="Value">The UTF-8 JSON event.</param>
public sealed record InputRecord(int Partition, long Offset, ReadOnlyMemory<byte> Value);
