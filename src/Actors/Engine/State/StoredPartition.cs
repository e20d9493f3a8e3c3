using Streaming.Streams.Broker;
using Streaming.Streams.EventTime;

namespace Streaming.Engine.State;

/// <summary>
/// A partition's checkpoint row: the epoch of the processor that opened it last (fencing older ones), the last offset
/// whose effects every stored state reflects, the watermark, the stream the offsets refer to, and the node processing it.
/// </summary>
public sealed record StoredPartition(string PartitionId, long Epoch, long Offset, PartitionWatermarkSnapshot? Watermark, StreamIdentity? Stream, string? Owner)
{
    public static StoredPartition Initial(string partitionId) => new(partitionId, 0, -1, null, null, null);
}
