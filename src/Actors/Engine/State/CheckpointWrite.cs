using System.Collections.Immutable;
using Streaming.Streams.Broker;
using Streaming.Streams.EventTime;

namespace Streaming.Engine.State;

/// <summary>
/// One checkpoint of a partition, written in one transaction: the offset and watermark, the states that changed since
/// the checkpoint before (null bytes: the state became empty and is deleted), the timers that were set or moved
/// (null due: gone). The write is fenced by <paramref name="Epoch"/>; stamps covered by the offset go, and states whose
/// time-to-live the watermark passed are dropped.
/// </summary>
public sealed record CheckpointWrite(
    string PartitionId,
    long Epoch,
    long Offset,
    PartitionWatermarkSnapshot Watermark,
    StreamIdentity? Stream,
    ImmutableArray<StateChange> States,
    ImmutableArray<TimerChange> Timers);

/// <summary>A key's state after a checkpoint: stored (whole) or, when <paramref name="State"/> is null, deleted.</summary>
public sealed record StateChange(string Kind, string Key, StoredState? State);

/// <summary>A key's timer after a checkpoint: due at <paramref name="Due"/>, or gone when null.</summary>
public sealed record TimerChange(string Kind, string Key, DateTimeOffset? Due);
