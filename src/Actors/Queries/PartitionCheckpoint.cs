namespace Streaming.Queries;

/// <summary>
/// An input partition's stored checkpoint row: the epoch of the processor that opened it last, the last offset whose
/// effects the stored state reflects (null before the first checkpoint), the watermark stored with it, and the node
/// address of the processor that has it open (null once closed).
/// </summary>
public sealed record PartitionCheckpoint(string PartitionId, long Epoch, long? Offset, DateTimeOffset? Watermark, string? Owner);
