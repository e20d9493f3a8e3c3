using System.Collections.Immutable;
using Streaming.Streams.Broker;
using Streaming.Streams.EventTime;

namespace Streaming.Actors.Entities;

/// <summary>How partitions are named in checkpoints and entity messages: <c>{topic}-{partition}</c>, e.g. <c>user_events-3</c>.</summary>
public static class PartitionIds
{
    public static string Of(string topic, int partition) => $"{topic}-{partition}";
}

/// <summary>A message for one partition's checkpoint record (routed by <see cref="PartitionId"/>, e.g. <c>user_events-3</c>).</summary>
public interface IPartitionCheckpointMessage
{
    string PartitionId { get; }
}

public sealed record TimerEntry(string Key, DateTimeOffset Time);

/// <summary>An entity's pending timer as of a checkpoint: set to <paramref name="Time"/>, or gone when it is null.</summary>
public sealed record TimerChange(string Key, DateTimeOffset? Time);

/// <summary>
/// What a partition processor needs to resume exactly: the last offset whose effects are durable
/// in every entity it touched, the watermark, and the pending event-time timers. <see cref="Epoch"/>
/// counts the processors that opened the partition; entities use it to drop the unpersisted
/// changes of a processor that died, and to fence one that lives on after the partition moved.
/// <see cref="Stream"/> names what the offsets refer to (cluster and topic id), so that a state is never applied to
/// another stream's records; null before the first checkpoint.
/// </summary>
public sealed record PartitionCheckpoint(long Epoch, long Offset, PartitionWatermarkSnapshot? Watermark, ImmutableArray<TimerEntry> Timers,
    StreamIdentity? Stream = null)
{
    public static PartitionCheckpoint Initial { get; } = new(0, -1, null, []);
}

/// <summary>
/// A processor takes over the partition: the answer carries the checkpoint with a new epoch. <paramref name="Owner"/>
/// is the processor's node (a reset is refused while it is a member); with <paramref name="Fresh"/> the stored state
/// is dropped first (it belongs to a stream that is gone).
/// </summary>
public sealed record OpenPartition(string PartitionId, string? Owner = null, bool Fresh = false) : IPartitionCheckpointMessage;

/// <summary>The processor of <paramref name="Epoch"/> stopped processing the partition (drained, revoked or stopped).</summary>
public sealed record ClosePartition(string PartitionId, long Epoch) : IPartitionCheckpointMessage;

/// <summary>Drop the partition's stored state (checkpoint, entity states, timers, stamps), unless a processor works on it.</summary>
public sealed record ResetPartition(string PartitionId) : IPartitionCheckpointMessage;

/// <summary>The answer to <see cref="ResetPartition"/>: done, or why not (<paramref name="Refusal"/>).</summary>
public sealed record PartitionResetAnswer(string PartitionId, bool Done, string? Refusal);

/// <summary>The event of a reset or a fresh open: everything the store held is gone; the epoch goes on.</summary>
public sealed record PartitionStateDropped(PartitionCheckpoint Checkpoint);

public sealed record PartitionOpened(string PartitionId, PartitionCheckpoint Checkpoint);

/// <summary>
/// Store the checkpoint, the states of the entities that changed since the last one and the timers
/// that changed since then, atomically (the checkpoint's own <see cref="PartitionCheckpoint.Timers"/>
/// is not read: the store keeps every pending timer and applies <paramref name="TimerChanges"/>).
/// </summary>
public sealed record SavePartitionCheckpoint(string PartitionId, PartitionCheckpoint Checkpoint, ImmutableArray<StagedState> Changes,
    ImmutableArray<TimerChange> TimerChanges = default) : IPartitionCheckpointMessage;

/// <summary>
/// What a checkpoint stored (the event the partition's checkpoint actor persists). With
/// <paramref name="TimersAsChanges"/> the event holds only the timers that changed since the event
/// before (a partition can have a timer per retained entity, too many to rewrite every checkpoint);
/// without it (events of earlier versions) the checkpoint's <see cref="PartitionCheckpoint.Timers"/>
/// are all of them. <paramref name="Rewritten"/> carries entries of the store that did not change,
/// written again whole so that the events before them can be deleted (see <see cref="CompactionOrder{TKey}"/>).
/// </summary>
public sealed record PartitionCheckpointed(PartitionCheckpoint Checkpoint, ImmutableArray<StagedState> Changes,
    ImmutableArray<TimerChange> TimerChanges = default, bool TimersAsChanges = false, StoreEntries? Rewritten = null);

/// <summary>Entries of a partition's store, each whole: entity states, pending timers and result stamps.</summary>
public sealed record StoreEntries(ImmutableArray<StagedState> States, ImmutableArray<TimerEntry> Timers, ImmutableArray<StampsSaved> Stamps);

/// <summary>An entity starts: its last stored state (null when it has none) and the result stamps it made since.</summary>
public sealed record LoadEntityState(string PartitionId, string PersistenceId) : IPartitionCheckpointMessage;

public sealed record EntityStateLoaded(string PersistenceId, StagedState? State, ImmutableArray<OutputStamp> Stamps);

/// <summary>Make result stamps durable before the results are answered (see <see cref="OutputsStamped"/>).</summary>
public sealed record SaveStamps(string PartitionId, string PersistenceId, ImmutableArray<OutputStamp> Stamps) : IPartitionCheckpointMessage;

/// <summary>The answer to <see cref="SaveStamps"/>, and the event persisted for it.</summary>
public sealed record StampsSaved(string PersistenceId, ImmutableArray<OutputStamp> Stamps);

/// <summary>
/// A snapshot of a partition's checkpoint actor: the checkpoint, every entity's state and the stamps made since.
/// Written by earlier versions only (the store now compacts its journal instead), and still read.
/// </summary>
public sealed record PartitionStateSnapshot(PartitionCheckpoint Checkpoint, ImmutableArray<StagedState> Entities, ImmutableArray<StampsSaved> Stamps);

/// <summary>The answer to a save: <paramref name="Fenced"/> when a newer processor owns the partition.</summary>
public sealed record PartitionCheckpointSaved(string PartitionId, long Offset, bool Fenced);

/// <summary>Live query of a partition's checkpoint (for the operator and stream-stats).</summary>
public sealed record GetPartitionCheckpoint(string PartitionId) : IPartitionCheckpointMessage;

public sealed record PartitionCheckpointView(string PartitionId, PartitionCheckpoint Checkpoint);
