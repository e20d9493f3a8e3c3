using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace Streaming.Actors.Entities;

/// <summary>
/// The effectively-once protocol shared by every keyed entity; subclasses only call their pure logic.
/// The entity persists only when its partition checkpoints (the whole state plus the offset it
/// reflects) and skips inputs at or below that offset on replay. Changes made for a processor that
/// has since been replaced are dropped by going back to the last durable checkpoint (a newer epoch),
/// an older processor is fenced, and an entity that lost unpersisted changes says so
/// (<see cref="EntityStatus.StateLost"/>) so that the processor replays from its checkpoint.
/// Results with a wall-clock field can be stamped durably before they are answered
/// (<see cref="StampIdOf"/>), so a replay republishes them unchanged.
/// </summary>
public abstract class CheckpointedEntity<TState, TInput, TOutput> : ReceivePersistentActor
    where TState : class
{
    private readonly int _snapshotEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, DateTimeOffset> _stamps = new(StringComparer.Ordinal);
    private EntityCheckpoint<TState> _durable;
    private TState _state;
    private long _appliedOffset;
    private long _epoch;

    protected CheckpointedEntity(string persistenceId, TState empty, int snapshotEvery, TimeSpan passivateAfter)
    {
        PersistenceId = persistenceId;
        _snapshotEvery = Math.Max(1, snapshotEvery);
        _durable = new EntityCheckpoint<TState>(empty, -1);
        _state = _durable.State;
        _appliedOffset = _durable.AppliedOffset;
        Context.SetReceiveTimeout(passivateAfter);

        Recover<SnapshotOffer>(offer => Restore((EntityCheckpoint<TState>)offer.Snapshot));
        Recover<EntityCheckpoint<TState>>(checkpoint =>
        {
            Restore(checkpoint);
            _stamps.Clear();
        });
        Recover<OutputsStamped>(Remember);

        Command<ApplyInputs<TInput>>(Handle);
        Command<FireTimers>(Handle);
        Command<CheckpointEntity>(Handle);
        Command<ReceiveTimeout>(_ =>
        {
            if (!Dirty) Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(PoisonPill.Instance));
        });
        Command<SaveSnapshotSuccess>(s => DeleteMessages(s.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed; recovery replays more checkpoints", PersistenceId));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Deleting old checkpoints of {0} failed", PersistenceId));
    }

    public override string PersistenceId { get; }

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

    /// <summary>Called with the results as answered (e.g. to keep recent ones for queries).</summary>
    protected virtual void Answered(ImmutableArray<TOutput> outputs)
    {
    }

    private bool Dirty => !ReferenceEquals(_state, _durable.State) || _appliedOffset != _durable.AppliedOffset;

    private void Restore(EntityCheckpoint<TState> checkpoint)
    {
        _durable = checkpoint;
        _state = checkpoint.State;
        _appliedOffset = checkpoint.AppliedOffset;
    }

    private void Remember(OutputsStamped stamped)
    {
        foreach (var stamp in stamped.Stamps) _stamps[stamp.Id] = stamp.At;
    }

    /// <summary>Ok, or why the command must not be applied.</summary>
    private EntityStatus Admit(long epoch, long assumedApplied)
    {
        if (epoch < _epoch) return EntityStatus.Fenced;
        if (epoch > _epoch)
        {
            // A new processor replays from its checkpoint: forget what the old one left unpersisted.
            if (Dirty) Restore(_durable);
            _epoch = epoch;
        }
        return assumedApplied > _appliedOffset ? EntityStatus.StateLost : EntityStatus.Ok;
    }

    private void Handle(ApplyInputs<TInput> command)
    {
        var status = Admit(command.Epoch, command.AssumedApplied);
        var late = ImmutableArray.CreateBuilder<LateVerdict>();
        var outputs = ImmutableArray.CreateBuilder<TOutput>();
        if (status == EntityStatus.Ok)
        {
            foreach (var item in command.Items)
            {
                if (item.Offset <= _appliedOffset) continue;
                var step = Apply(_state, item.Input, item.Watermark);
                _state = step.State;
                _appliedOffset = item.Offset;
                outputs.AddRange(step.Outputs);
                if (step.LateReason is { } reason) late.Add(new LateVerdict(item.Offset, reason));
            }
        }
        var lateVerdicts = late.ToImmutable();
        Reply(outputs.ToImmutable(), final => new InputsApplied<TOutput>(command.EntityId, status, lateVerdicts, final, NextTimer(_state)));
    }

    private void Handle(FireTimers command)
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
        Reply(outputs, final => new TimersFired<TOutput>(command.EntityId, status, final, NextTimer(_state)));
    }

    private void Reply(ImmutableArray<TOutput> outputs, Func<ImmutableArray<TOutput>, object> answer)
    {
        var sender = Sender;
        var fresh = ImmutableArray.CreateBuilder<OutputStamp>();
        var final = ImmutableArray.CreateBuilder<TOutput>(outputs.Length);
        foreach (var output in outputs)
        {
            if (StampIdOf(output) is not { } id) final.Add(output);
            else if (_stamps.TryGetValue(id, out var at)) final.Add(WithStamp(output, at));
            else
            {
                _stamps[id] = StampOf(output);
                fresh.Add(new OutputStamp(id, StampOf(output)));
                final.Add(output);
            }
        }
        var results = final.MoveToImmutable();
        Answered(results);
        if (fresh.Count == 0)
        {
            sender.Tell(answer(results));
            return;
        }
        Persist(new OutputsStamped(fresh.ToImmutable()), _ => sender.Tell(answer(results)));
    }

    private void Handle(CheckpointEntity command)
    {
        var status = Admit(command.Epoch, -1);
        if (status != EntityStatus.Ok || !Dirty)
        {
            Sender.Tell(new EntityCheckpointed(command.EntityId, status, _durable.AppliedOffset));
            return;
        }
        var sender = Sender;
        Persist(new EntityCheckpoint<TState>(_state, _appliedOffset), saved =>
        {
            _durable = saved;
            // Everything answered so far is reflected in the durable state: no replay re-creates it.
            _stamps.Clear();
            sender.Tell(new EntityCheckpointed(command.EntityId, EntityStatus.Ok, saved.AppliedOffset));
            if (LastSequenceNr % _snapshotEvery == 0) SaveSnapshot(saved);
        });
    }
}
