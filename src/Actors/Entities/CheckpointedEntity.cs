using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Streaming.Actors.Journal;

namespace Streaming.Actors.Entities;

/// <summary>
/// The effectively-once protocol shared by every keyed entity; subclasses only call their pure logic.
/// The entity's state becomes durable only when its partition checkpoints: the entity hands its whole
/// state plus the offset it reflects to the processor as a journal write (<see cref="EntityCheckpointed.Write"/>),
/// the processor writes every touched entity's state in one journal request, and confirms. The entity
/// still recovers from its own persistence id (the last checkpoint wins) and skips inputs at or below
/// its offset on replay. Changes made for a processor that has since been replaced are dropped by going
/// back to the last confirmed checkpoint (a newer epoch), an older processor is fenced, and an entity
/// that lost unpersisted changes says so (<see cref="EntityStatus.StateLost"/>) so that the processor
/// replays from its checkpoint. Results with a wall-clock field are stamped durably before they are
/// answered (<see cref="StampIdOf"/>), so a replay republishes them unchanged.
/// </summary>
/// <remarks>
/// The entity never calls <c>Persist</c>: all of its events are written through the
/// <see cref="JournalWriter"/> with sequence numbers it assigns, counting on from the highest one it
/// recovered. A number is never reused, so a write whose outcome was unknown leaves at most a gap.
/// </remarks>
public abstract class CheckpointedEntity<TState, TInput, TOutput> : ReceivePersistentActor
    where TState : class
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(30);
    private readonly int _compactEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, DateTimeOffset> _stamps = new(StringComparer.Ordinal);
    private EntityCheckpoint<TState> _durable;
    private (EntityCheckpoint<TState> Checkpoint, long SequenceNr)? _staged;
    private TState _state;
    private long _appliedOffset;
    private long _epoch;
    private long _sequenceNr;
    private long _durableSequenceNr;
    private int _sinceCompaction;

    protected CheckpointedEntity(string persistenceId, TState empty, int compactEvery, TimeSpan passivateAfter)
    {
        PersistenceId = persistenceId;
        _compactEvery = Math.Max(1, compactEvery);
        _durable = new EntityCheckpoint<TState>(empty, -1);
        _state = _durable.State;
        _appliedOffset = _durable.AppliedOffset;
        Context.SetReceiveTimeout(passivateAfter);

        Recover<EntityCheckpoint<TState>>(checkpoint =>
        {
            Restore(checkpoint);
            _stamps.Clear();
        });
        Recover<OutputsStamped>(Remember);
        Recover<RecoveryCompleted>(_ => _sequenceNr = _durableSequenceNr = LastSequenceNr);

        Command<ApplyInputs<TInput>>(Handle);
        Command<FireTimers>(Handle);
        Command<CheckpointEntity>(Handle);
        Command<CheckpointConfirmed>(Handle);
        Command<ReceiveTimeout>(_ =>
        {
            if (!Dirty) Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(PoisonPill.Instance));
        });
    }

    public override string PersistenceId { get; }

    /// <summary>Every event is a whole checkpoint, so recovery needs no snapshot: old events are deleted instead.</summary>
    public override Recovery Recovery => new(SnapshotSelectionCriteria.None);

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
            // A new processor replays from its checkpoint: forget what the old one left unconfirmed.
            // (A staged state whose write did land is harmless: it only lets the replay skip more.)
            Restore(_durable);
            _staged = null;
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
        Reply(status, outputs.ToImmutable(), (s, final) => new InputsApplied<TOutput>(command.EntityId, s, s == EntityStatus.Ok ? lateVerdicts : [], final, NextTimer(_state)));
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
        Reply(status, outputs, (s, final) => new TimersFired<TOutput>(command.EntityId, s, final, NextTimer(_state)));
    }

    private void Reply(EntityStatus status, ImmutableArray<TOutput> outputs, Func<EntityStatus, ImmutableArray<TOutput>, object> answer)
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
        if (fresh.Count == 0)
        {
            Answered(results);
            sender.Tell(answer(status, results));
            return;
        }
        var stamped = new OutputsStamped(fresh.ToImmutable());
        WriteOwn(stamped, error =>
        {
            if (error is null)
            {
                Answered(results);
                sender.Tell(answer(status, results));
                return;
            }
            // Not durable, so not answered: the processor replays from its checkpoint and the results are stamped anew.
            foreach (var stamp in stamped.Stamps) _stamps.Remove(stamp.Id);
            _log.Warning("Stamping results of {0} failed ({1}); the processor replays from its checkpoint", PersistenceId, error);
            sender.Tell(answer(EntityStatus.StateLost, []));
        });
    }

    /// <summary>Writes one event of this entity and holds every other message until the journal answered.</summary>
    private void WriteOwn(object payload, Action<string?> then)
    {
        var write = new JournalWrite(PersistenceId, ++_sequenceNr, payload);
        JournalWriters.For(Context.System)
            .Ask<JournalWritten>(new WriteToJournal([write]), WriteTimeout)
            .PipeTo(Self, failure: e => new JournalWritten(1, e.Message));
        BecomeStacked(() =>
        {
            Command<JournalWritten>(written =>
            {
                UnbecomeStacked();
                Stash.UnstashAll();
                then(written.Error);
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private void Handle(CheckpointEntity command)
    {
        var status = Admit(command.Epoch, -1);
        if (status != EntityStatus.Ok || !Dirty)
        {
            Sender.Tell(new EntityCheckpointed(command.EntityId, status, _durable.AppliedOffset));
            return;
        }
        var checkpoint = new EntityCheckpoint<TState>(_state, _appliedOffset);
        _staged = (checkpoint, ++_sequenceNr);
        Sender.Tell(new EntityCheckpointed(command.EntityId, status, _appliedOffset, new JournalWrite(PersistenceId, _sequenceNr, checkpoint)));
    }

    private void Handle(CheckpointConfirmed confirmed)
    {
        if (confirmed.Epoch != _epoch || _staged is not { } staged || staged.SequenceNr != confirmed.SequenceNr) return;
        _durable = staged.Checkpoint;
        _durableSequenceNr = staged.SequenceNr;
        _staged = null;
        // Everything answered so far is reflected in the durable state: no replay re-creates it.
        _stamps.Clear();
        if (++_sinceCompaction < _compactEvery) return;
        _sinceCompaction = 0;
        JournalWriters.For(Context.System).Tell(new DeleteFromJournal(PersistenceId, _durableSequenceNr - 1));
    }
}
