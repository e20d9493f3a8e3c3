using System.Collections.Immutable;
using Streaming.Actors.Engine;

namespace Streaming.Actors.Entities;

/// <summary>A message for one keyed entity (routed by <see cref="EntityId"/>: a user, product or order id).</summary>
public interface IEntityMessage
{
    string EntityId { get; }
}

/// <summary>An entity's answer to a partition processor's command.</summary>
public interface IEntityReply
{
    string EntityId { get; }

    EntityStatus Status { get; }
}

/// <summary>
/// A message that names the input partition whose checkpoint holds the entity's state (e.g.
/// <c>user_events-3</c>): an entity not yet in memory loads its state from there first.
/// </summary>
public interface IPartitionScoped
{
    string? PartitionId { get; }
}

/// <summary>A partition processor's command to an entity; <see cref="Epoch"/> names the processor.</summary>
public interface IProcessorCommand : IEntityMessage, IPartitionScoped
{
    long Epoch { get; }
}

/// <summary>One consumed input of a partition and the partition watermark at its arrival.</summary>
public sealed record KeyedInput<TInput>(long Offset, TInput Input, DateTimeOffset Watermark);

/// <summary>
/// Apply inputs of one partition in offset order. <paramref name="Epoch"/> identifies the partition
/// processor (see <see cref="PartitionCheckpoint.Epoch"/>). <paramref name="AssumedApplied"/> is the
/// highest offset this processor already had the entity apply since its last checkpoint (-1 if
/// none): an entity behind it lost unpersisted state and says so.
/// </summary>
public sealed record ApplyInputs<TInput>(string EntityId, long Epoch, long AssumedApplied, ImmutableArray<KeyedInput<TInput>> Items, string? PartitionId)
    : IProcessorCommand;

public sealed record LateVerdict(long Offset, string Reason);

/// <summary>How an entity answered a processor's command.</summary>
public enum EntityStatus
{
    Ok,

    /// <summary>The entity restarted and lost changes the processor had it make: replay from the checkpoint.</summary>
    StateLost,

    /// <summary>A newer processor owns the entity's partition: this one must stop.</summary>
    Fenced,
}

/// <summary>The answer to <see cref="ApplyInputs{TInput}"/>: late inputs, results produced, the next event-time timer.</summary>
public sealed record InputsApplied<TOutput>(string EntityId, EntityStatus Status, ImmutableArray<LateVerdict> Late, ImmutableArray<TOutput> Outputs, DateTimeOffset? NextTimer)
    : IEntityReply;

/// <summary>The partition watermark passed a timer of this entity: emit what is due.</summary>
public sealed record FireTimers(string EntityId, long Epoch, long AssumedApplied, DateTimeOffset Watermark, string? PartitionId) : IProcessorCommand;

public sealed record TimersFired<TOutput>(string EntityId, EntityStatus Status, ImmutableArray<TOutput> Outputs, DateTimeOffset? NextTimer) : IEntityReply;

/// <summary>
/// A checkpoint of the entity's partition: the entity answers with its current state
/// (<see cref="EntityCheckpointed.State"/>, null when nothing changed since its last durable
/// checkpoint). The partition's checkpoint stores the states of all entities its processor touched.
/// </summary>
public sealed record CheckpointEntity(string EntityId, long Epoch, string? PartitionId) : IProcessorCommand;

public sealed record EntityCheckpointed(string EntityId, EntityStatus Status, long AppliedOffset, StagedState? State = null) : IEntityReply;

/// <summary>The partition checkpoint holding the entity's <see cref="EntityCheckpointed.State"/> is durable (<paramref name="Stage"/> names it).</summary>
public sealed record CheckpointConfirmed(string EntityId, long Epoch, long Stage) : IEntityMessage;

/// <summary>
/// An entity's whole state (an <see cref="EntityCheckpoint{TState}"/>) as its partition's checkpoint
/// stores it, under the entity's id (e.g. <c>user-session-u1</c>); <paramref name="Stage"/> counts
/// the entity's checkpoints. <paramref name="Delta"/>, for states that have deltas, is the change since
/// the entity's checkpoint before: the journal gets it instead of the whole state when the store holds that one.
/// </summary>
public sealed record StagedState(string PersistenceId, long Stage, StatePayload Payload, StateDelta? Delta = null)
{
    /// <summary>A whole state, serialized.</summary>
    public static StagedState Of(string persistenceId, long stage, object checkpoint) => new(persistenceId, stage, StatePayload.Of(checkpoint));
}

/// <summary>What changed since the entity's checkpoint number <paramref name="FromStage"/> (an <see cref="EntityCheckpointDelta{TDelta}"/>).</summary>
public sealed record StateDelta(long FromStage, StatePayload Payload);

/// <summary>What an entity's partition checkpoint stores for it: its whole state and the partition offset it reflects.</summary>
public sealed record EntityCheckpoint<TState>(TState State, long AppliedOffset);

/// <summary>
/// The wall-clock stamp first given to a result id (see <see cref="OutputsStamped"/>), made after the
/// entity's checkpoint number <paramref name="Stage"/> was staged: a stored state of a later stage
/// reflects the result, so the stamp is no longer needed once such a state is stored. (Stamps of
/// earlier versions have stage 0: any stored state of the entity supersedes them.)
/// </summary>
public sealed record OutputStamp(string Id, DateTimeOffset At, long Stage = 0)
{
    /// <summary>Whether a stored state of the entity's checkpoint number <paramref name="stage"/> reflects the result.</summary>
    public bool SupersededBy(long stage) => Stage < stage;
}

/// <summary>
/// Persisted before results carrying a wall-clock field are answered: a replay re-creates the same
/// result ids and takes these stamps, so a result id is never published with two different contents.
/// </summary>
public sealed record OutputsStamped(ImmutableArray<OutputStamp> Stamps);
