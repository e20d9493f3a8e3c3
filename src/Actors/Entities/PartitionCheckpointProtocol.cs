using System.Collections.Immutable;
using Streaming.Streams.EventTime;

namespace Streaming.Actors.Entities;

/// <summary>A message for one partition's checkpoint record (routed by <see cref="PartitionId"/>, e.g. <c>user_events-3</c>).</summary>
public interface IPartitionCheckpointMessage
{
    string PartitionId { get; }
}

public sealed record TimerEntry(string Key, DateTimeOffset Time);

/// <summary>
/// What a partition processor needs to resume exactly: the last offset whose effects are durable
/// in every entity it touched, the watermark, and the pending event-time timers. <see cref="Epoch"/>
/// counts the processors that opened the partition; entities use it to drop the unpersisted
/// changes of a processor that died, and to fence one that lives on after the partition moved.
/// </summary>
public sealed record PartitionCheckpoint(long Epoch, long Offset, PartitionWatermarkSnapshot? Watermark, ImmutableArray<TimerEntry> Timers)
{
    public static PartitionCheckpoint Initial { get; } = new(0, -1, null, []);
}

/// <summary>A processor takes over the partition: the answer carries the checkpoint with a new epoch.</summary>
public sealed record OpenPartition(string PartitionId) : IPartitionCheckpointMessage;

public sealed record PartitionOpened(string PartitionId, PartitionCheckpoint Checkpoint);

public sealed record SavePartitionCheckpoint(string PartitionId, PartitionCheckpoint Checkpoint) : IPartitionCheckpointMessage;

/// <summary>The answer to a save: <paramref name="Fenced"/> when a newer processor owns the partition.</summary>
public sealed record PartitionCheckpointSaved(string PartitionId, long Offset, bool Fenced);

/// <summary>Live query of a partition's checkpoint (for the operator and stream-stats).</summary>
public sealed record GetPartitionCheckpoint(string PartitionId) : IPartitionCheckpointMessage;

public sealed record PartitionCheckpointView(string PartitionId, PartitionCheckpoint Checkpoint);
