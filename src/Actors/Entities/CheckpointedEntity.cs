using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;

namespace Streaming.Actors.Entities;

/// <summary>
/// The effectively-once protocol shared by every keyed entity; subclasses only call their pure logic.
/// The entity's state is durable only in its partition's checkpoint (<see cref="PartitionCheckpointEntity"/>):
/// at a checkpoint the entity hands its whole state plus the offset it reflects to the processor
/// (<see cref="EntityCheckpointed.State"/>), the processor stores the states of every entity it
/// touched together with the partition's offset in one event, and confirms. An entity that starts
/// loads its last stored state from there (the first message that names its partition waits for
/// it) and skips inputs at or below its offset on replay. Changes made for a processor that has
/// since been replaced are dropped by going back to the last confirmed state (a newer epoch), an
/// older processor is fenced, and an entity that lost unstored changes says so
/// (<see cref="EntityStatus.StateLost"/>) so that the processor replays from its checkpoint.
/// Results with a wall-clock field are stamped durably before they are answered
/// (<see cref="StampIdOf"/>), so a replay republishes them unchanged. Sharding passivates an idle
/// entity (<c>PassivateAfter</c>); one that still had unconfirmed changes then answers its
/// processor <see cref="EntityStatus.StateLost"/>, and the processor replays from its checkpoint.
/// </summary>
public abstract class CheckpointedEntity<TState, TInput, TOutput> : UntypedActor
    where TState : class
{
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(30);
    private readonly IActorRef _store;
    private readonly Dictionary<string, OutputStamp> _stamps = new(StringComparer.Ordinal);
    private (EntityCheckpoint<TState> Checkpoint, long Stage) _durable;
    private (EntityCheckpoint<TState> Checkpoint, long Stage)? _staged;
    private TState _state;
    private long _appliedOffset;
    private long _epoch;
    private long _stage;
    // The epoch of the command that made the entity load its state: that load is already as new as that processor needs.
    private long _loadEpoch;
    private string? _partitionId;
    private bool _loaded;
    private bool _loading;
    // Messages that wait while the state loads or stamps are written, in arrival order. Kept here rather than
    // in an Akka stash so that an entity costs no stash and no deque mailbox (there are one per key).
    private Queue<(object Message, IActorRef Sender)>? _held;
    private Action<string?>? _afterStamps;

    protected CheckpointedEntity(string persistenceId, TState empty, IActorRef store)
    {
        PersistenceId = persistenceId;
        _store = store;
        _durable = (new EntityCheckpoint<TState>(empty, -1), 0);
        _state = empty;
        _appliedOffset = _durable.Checkpoint.AppliedOffset;
    }

    /// <summary>The entity's id in its partition's checkpoint, e.g. <c>user-session-u1</c>.</summary>
    public string PersistenceId { get; }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case EntityStateLoaded loaded when _loading:
                Load(loaded);
                Drain();
                return;
            case StampsWritten written when _afterStamps is { } then:
                _afterStamps = null;
                then(written.Error);
                Drain();
                return;
            case Status.Failure failure when _loading:
                // A failed load restarts the entity; the held messages go back to the mailbox and the next one loads again.
                throw new InvalidOperationException($"Loading the state of {PersistenceId} failed", failure.Cause);
        }
        if (_held is { Count: > 0 } || !Dispatch(message, Sender)) (_held ??= new Queue<(object, IActorRef)>()).Enqueue((message, Sender));
    }

    protected override void PreRestart(Exception reason, object message)
    {
        foreach (var (held, sender) in _held ?? []) Self.Tell(held, sender);
        base.PreRestart(reason, message);
    }

    /// <summary>Handles held messages in order until one has to wait again.</summary>
    private void Drain()
    {
        while (_held is { Count: > 0 } && Dispatch(_held.Peek().Message, _held.Peek().Sender)) _held.Dequeue();
    }

    /// <summary>
    /// Handles a message, or returns false when it must wait: until the state is loaded, messages that name
    /// the partition wait for it (others see the empty state); while a load or a stamp write is in flight, all wait.
    /// </summary>
    private bool Dispatch(object message, IActorRef sender)
    {
        if (_loading || _afterStamps is not null) return false;
        if (_loaded && message is IProcessorCommand command && command.Epoch > Math.Max(_epoch, _loadEpoch))
        {
            // A new processor: the old one's last checkpoint may or may not have been stored, and the partition's
            // state may have been reset or dropped since, so the entity loads what its partition's store holds now.
            _loaded = false;
            _staged = null;
        }
        if (!_loaded && message is IPartitionScoped { PartitionId: { } partition })
        {
            _loading = true;
            _partitionId = partition;
            if (message is IProcessorCommand loader) _loadEpoch = Math.Max(_loadEpoch, loader.Epoch);
            _store.Ask<EntityStateLoaded>(new LoadEntityState(partition, PersistenceId), StoreTimeout)
                .PipeTo(Self, failure: e => new Status.Failure(e));
            return false;
        }
        switch (message)
        {
            case ApplyInputs<TInput> apply:
                Handle(apply, sender);
                break;
            case FireTimers fire:
                Handle(fire, sender);
                break;
            case CheckpointEntity checkpoint:
                Handle(checkpoint, sender);
                break;
            case CheckpointConfirmed confirmed:
                Handle(confirmed);
                break;
            default:
                if (!Query(message, sender)) Unhandled(message);
                break;
        }
        return true;
    }

    /// <summary>A message of the subclass (a live query, or a note such as recent alerts); false when it is not one.</summary>
    protected virtual bool Query(object message, IActorRef sender) => false;

    private void Load(EntityStateLoaded loaded)
    {
        if (loaded.State is { } state && state.Payload.Read() is EntityCheckpoint<TState> checkpoint)
        {
            Restore((checkpoint, state.Stage));
            _stage = state.Stage;
        }
        foreach (var stamp in loaded.Stamps.IsDefault ? [] : loaded.Stamps) _stamps[stamp.Id] = stamp;
        _loaded = true;
        _loading = false;
    }

    /// <summary>The current (possibly not yet durable) state, for live queries.</summary>
    protected TState State => _state;

    /// <summary>Applies one input that arrived at <paramref name="watermark"/>.</summary>
    protected abstract EntityStep<TState, TOutput> Apply(TState state, TInput input, DateTimeOffset watermark);

    /// <summary>The watermark reached <paramref name="watermark"/>: emits what is due.</summary>
    protected abstract EntityStep<TState, TOutput> Fire(TState state, DateTimeOffset watermark);

    /// <summary>The event time at which <see cref="Fire"/> has something to do, or null.</summary>
    protected abstract DateTimeOffset? NextTimer(TState state);

    /// <summary>The id under which a result's wall-clock field is stamped durably, or null when it has none.</summary>
    protected virtual string? StampIdOf(TOutput output) => null;

    /// <summary>The wall-clock field of a result.</summary>
    protected virtual DateTimeOffset StampOf(TOutput output) => default;

    /// <summary>The result with its wall-clock field set to an earlier stamp.</summary>
    protected virtual TOutput WithStamp(TOutput output, DateTimeOffset stamp) => output;

    /// <summary>
    /// The entity expects no input soon (e.g. a finished order): once its state is stored it leaves
    /// memory at once instead of after <c>PassivateAfter</c>; a later message loads it again.
    /// </summary>
    protected virtual bool IsDormant(TState state) => false;

    /// <summary>Called with the results as answered (e.g. to keep recent ones for queries).</summary>
    protected virtual void Answered(ImmutableArray<TOutput> outputs)
    {
    }

    private bool Dirty => !ReferenceEquals(_state, _durable.Checkpoint.State) || _appliedOffset != _durable.Checkpoint.AppliedOffset;

    private void Restore((EntityCheckpoint<TState> Checkpoint, long Stage) durable)
    {
        _durable = durable;
        _state = durable.Checkpoint.State;
        _appliedOffset = durable.Checkpoint.AppliedOffset;
    }

    /// <summary>Ok, or why the command must not be applied.</summary>
    private EntityStatus Admit(long epoch, long assumedApplied)
    {
        if (epoch < _epoch) return EntityStatus.Fenced;
        if (epoch > _epoch)
        {
            // A new processor replays from its checkpoint: forget what the old one left unconfirmed. (A
            // staged state that may have been stored was reloaded from the store before this, in Dispatch.)
            Restore(_durable);
            _staged = null;
            _epoch = epoch;
        }
        return assumedApplied > _appliedOffset ? EntityStatus.StateLost : EntityStatus.Ok;
    }

    private void Handle(ApplyInputs<TInput> command, IActorRef sender)
    {
        var status = Admit(command.Epoch, command.AssumedApplied);
        // Most commands carry one input that raises nothing: adding to an empty array allocates nothing until something comes out.
        var late = ImmutableArray<LateVerdict>.Empty;
        var outputs = ImmutableArray<TOutput>.Empty;
        if (status == EntityStatus.Ok)
        {
            foreach (var item in command.Items)
            {
                if (item.Offset <= _appliedOffset) continue;
                var step = Apply(_state, item.Input, item.Watermark);
                _state = step.State;
                _appliedOffset = item.Offset;
                if (!step.Outputs.IsDefault) outputs = outputs.AddRange(step.Outputs);
                if (step.LateReason is { } reason) late = late.Add(new LateVerdict(item.Offset, reason));
            }
        }
        Reply(sender, status, outputs, (s, final) => new InputsApplied<TOutput>(command.EntityId, s, s == EntityStatus.Ok ? late : [], final, NextTimer(_state)));
    }

    private void Handle(FireTimers command, IActorRef sender)
    {
        var status = Admit(command.Epoch, command.AssumedApplied);
        var outputs = ImmutableArray<TOutput>.Empty;
        if (status == EntityStatus.Ok)
        {
            var step = Fire(_state, command.Watermark);
            // An unchanged state stays the durable one, so a quiet entity is not rewritten at the next checkpoint.
            if (!EqualityComparer<TState>.Default.Equals(step.State, _state)) _state = step.State;
            outputs = step.Outputs;
        }
        Reply(sender, status, outputs, (s, final) => new TimersFired<TOutput>(command.EntityId, s, final, NextTimer(_state)));
    }

    private void Reply(IActorRef sender, EntityStatus status, ImmutableArray<TOutput> outputs, Func<EntityStatus, ImmutableArray<TOutput>, object> answer)
    {
        if (outputs.IsDefaultOrEmpty)
        {
            sender.Tell(answer(status, []));
            return;
        }
        var fresh = ImmutableArray.CreateBuilder<OutputStamp>();
        var final = ImmutableArray.CreateBuilder<TOutput>(outputs.Length);
        foreach (var output in outputs)
        {
            if (StampIdOf(output) is not { } id) final.Add(output);
            else if (_stamps.TryGetValue(id, out var earlier)) final.Add(WithStamp(output, earlier.At));
            else
            {
                var stamp = new OutputStamp(id, StampOf(output), _stage);
                _stamps[id] = stamp;
                fresh.Add(stamp);
                final.Add(output);
            }
        }
        var results = final.MoveToImmutable();
        if (fresh.Count == 0)
        {
            Answered(results);
            sender.Tell(answer(status, results));
            return;
        }
        var stamped = new OutputsStamped(fresh.ToImmutable());
        SaveStamps(stamped, error =>
        {
            if (error is null)
            {
                Answered(results);
                sender.Tell(answer(status, results));
                return;
            }
            // Not durable, so not answered: the processor replays from its checkpoint and the results are stamped anew.
            foreach (var stamp in stamped.Stamps) _stamps.Remove(stamp.Id);
            Context.GetLogger().Warning("Stamping results of {0} failed ({1}); the processor replays from its checkpoint", PersistenceId, error);
            sender.Tell(answer(EntityStatus.StateLost, []));
        });
    }

    /// <summary>Makes stamps durable in the partition's checkpoint and holds every other message until it answered.</summary>
    private void SaveStamps(OutputsStamped stamped, Action<string?> then)
    {
        _store.Ask<StampsSaved>(new SaveStamps(_partitionId ?? "", PersistenceId, stamped.Stamps), StoreTimeout)
            .PipeTo(Self, success: _ => new StampsWritten(null), failure: e => new StampsWritten(e.Message));
        _afterStamps = then;
    }

    private sealed record StampsWritten(string? Error);

    private void Handle(CheckpointEntity command, IActorRef sender)
    {
        var status = Admit(command.Epoch, -1);
        if (status != EntityStatus.Ok || !Dirty)
        {
            sender.Tell(new EntityCheckpointed(command.EntityId, status, _durable.Checkpoint.AppliedOffset));
            return;
        }
        var checkpoint = new EntityCheckpoint<TState>(_state, _appliedOffset);
        // Serialized here, on this entity's thread: the store and the journal only copy the bytes (a state with deltas
        // is serialized whole only if the store needs it so, see StatePayload.Deferred).
        var (before, beforeStage) = _staged ?? _durable;
        var delta = StateDeltas.Between(before, checkpoint) is { } change ? new StateDelta(beforeStage, StatePayload.Of(change)) : null;
        var whole = delta is null ? StatePayload.Of(checkpoint) : StatePayload.Deferred(checkpoint);
        _staged = (checkpoint, ++_stage);
        sender.Tell(new EntityCheckpointed(command.EntityId, status, _appliedOffset, new StagedState(PersistenceId, _stage, whole, delta)));
    }

    private void Handle(CheckpointConfirmed confirmed)
    {
        if (confirmed.Epoch != _epoch || _staged is not { } staged || staged.Stage != confirmed.Stage) return;
        _durable = staged;
        _staged = null;
        // What was answered before the staging is in the stored state: no replay re-creates it. Results
        // answered since (the processor went on while the checkpoint was written) still need their stamps.
        foreach (var stamp in _stamps.Values.Where(s => s.SupersededBy(staged.Stage)).ToList()) _stamps.Remove(stamp.Id);
        if (!Dirty && IsDormant(_state)) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }
}
