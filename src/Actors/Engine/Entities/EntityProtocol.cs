using System.Collections.Immutable;
using Streaming.Engine.State;

namespace Streaming.Engine.Entities;

/// <summary>
/// A message to one keyed entity: its key, and the input partition whose state it is part of — the partition is the
/// entity's shard, so an entity lives where its partition is processed, and loads its state from that partition's backend.
/// </summary>
public interface IEntityMessage
{
    string EntityId { get; }

    /// <summary>The partition's number: the shard.</summary>
    int Partition { get; }

    /// <summary><c>{topic}-{partition}</c>: the partition's name in the backend.</summary>
    string PartitionId { get; }
}

/// <summary>A partition processor's command; <see cref="Epoch"/> names the processor (see <see cref="StoredPartition.Epoch"/>).</summary>
public interface IProcessorCommand : IEntityMessage
{
    long Epoch { get; }
}

/// <summary>An entity's answer to a processor's command.</summary>
public interface IEntityReply
{
    string EntityId { get; }

    EntityStatus Status { get; }
}

/// <summary>How an entity answered a processor's command.</summary>
public enum EntityStatus
{
    Ok,

    /// <summary>The entity restarted and lost changes the processor had it make: replay from the checkpoint.</summary>
    StateLost,

    /// <summary>A newer processor owns the entity's partition: this one must stop.</summary>
    Fenced,
}

/// <summary>One consumed input of a partition and the partition watermark at its arrival.</summary>
public sealed record KeyedInput<TInput>(long Offset, TInput Input, DateTimeOffset Watermark);

/// <summary>
/// Apply inputs of one partition in offset order. <paramref name="AssumedApplied"/> is the highest offset this
/// processor already had the entity apply since its last checkpoint (-1 if none): an entity behind it lost unstored
/// state and says so.
/// </summary>
public sealed record ApplyInputs<TInput>(string EntityId, int Partition, string PartitionId, long Epoch, long AssumedApplied, ImmutableArray<KeyedInput<TInput>> Items)
    : IProcessorCommand;

/// <summary>An input the entity judged late (with why), or one its logic could not process (poison, with the error).</summary>
public sealed record InputVerdict(long Offset, string Reason);

/// <summary>The answer to <see cref="ApplyInputs{TInput}"/>: late and poison inputs, results, the next event-time timer.</summary>
public sealed record InputsApplied<TOutput>(string EntityId, EntityStatus Status, ImmutableArray<InputVerdict> Late, ImmutableArray<InputVerdict> Poison,
    ImmutableArray<TOutput> Outputs, DateTimeOffset? NextTimer) : IEntityReply;

/// <summary>The partition watermark passed a timer of this entity: emit what is due.</summary>
public sealed record FireTimers(string EntityId, int Partition, string PartitionId, long Epoch, long AssumedApplied, DateTimeOffset Watermark) : IProcessorCommand;

public sealed record TimersFired<TOutput>(string EntityId, EntityStatus Status, ImmutableArray<TOutput> Outputs, DateTimeOffset? NextTimer) : IEntityReply;

/// <summary>A checkpoint of the entity's partition: the entity answers with its state when it changed since its last stored one.</summary>
public sealed record CheckpointEntity(string EntityId, int Partition, string PartitionId, long Epoch) : IProcessorCommand;

/// <summary>
/// The state to store for the entity (<paramref name="State"/> null: it became empty and is deleted), as of its
/// checkpoint number <paramref name="Stage"/>.
/// </summary>
public sealed record EntitySnapshot(long Stage, StoredState? State);

public sealed record EntityCheckpointed(string EntityId, EntityStatus Status, long AppliedOffset, EntitySnapshot? Snapshot = null) : IEntityReply;

/// <summary>
/// The checkpoint holding the entity's snapshot of <paramref name="Stage"/> is stored: a state that reflects the
/// partition up to <paramref name="AppliedOffset"/> (<paramref name="Deleted"/>: the state was empty and is gone).
/// </summary>
public sealed record CheckpointConfirmed(string EntityId, int Partition, string PartitionId, long Epoch, long Stage, long AppliedOffset = -1, bool Deleted = false)
    : IEntityMessage;

/// <summary>Results of the analytic published after a step that belong to this key (see <c>Analytic.RememberedBy</c>).</summary>
public sealed record RememberResults<TOutput>(string EntityId, int Partition, string PartitionId, ImmutableArray<TOutput> Outputs) : IEntityMessage;

/// <summary>A live view of the key's state (see <c>KeyedFunction.Queries</c>).</summary>
public sealed record QueryEntity(string EntityId, int Partition, string PartitionId, string Query) : IEntityMessage;

/// <summary>The answer to <see cref="QueryEntity"/>: the view as UTF-8 JSON, or null when the key has nothing to show.</summary>
public sealed record EntityQueried(string EntityId, byte[]? Json);

/// <summary>
/// Where does the shard of <paramref name="Partition"/> live now? Answered by a probe entity of the shard (it loads no
/// state) with <see cref="ShardLocated"/>: a processor that takes over a partition waits until its shards are on its node.
/// </summary>
public sealed record LocateShard(int Partition, string PartitionId) : IEntityMessage
{
    /// <summary>The probe's entity id: not a key (spec §1.1: ids hold no control characters).</summary>
    public const string ProbeId = "\u0001shard";

    public string EntityId => ProbeId;
}

/// <summary>The answer to <see cref="LocateShard"/>: the address of the node hosting the shard.</summary>
public sealed record ShardLocated(string Address);

/// <summary>The processor holds more live entities than its share: leave memory if nothing unstored is lost by it.</summary>
public sealed record EvictEntity(string EntityId, int Partition, string PartitionId) : IEntityMessage;
