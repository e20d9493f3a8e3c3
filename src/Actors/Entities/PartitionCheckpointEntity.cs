using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace Streaming.Actors.Entities;

/// <summary>
/// The durable checkpoint of one Kafka partition's processor, and the state store of the entities
/// that partition feeds (Flink's key group): each checkpoint is one event holding the partition's
/// offset, watermark and timers together with the states of the entities that changed, and an
/// entity that starts loads its state from here — a lookup in memory, not a journal recovery per
/// entity. A sharded entity, so exactly one writer exists cluster-wide even while a partition moves
/// between nodes. A snapshot of everything bounds its own recovery (<see cref="SnapshotPolicy"/>).
/// Checkpoints and stamps are written without holding other messages back (a processor goes on with
/// its next step while its checkpoint is written): an entity that loads meanwhile gets its state at
/// once unless a write in flight carries it, then it gets the state once that write is applied.
/// </summary>
public sealed class PartitionCheckpointEntity : ReceivePersistentActor
{
    private readonly int _snapshotEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, StagedState> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<OutputStamp>> _stamps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _timers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Writing> _writing = new(StringComparer.Ordinal);
    private PartitionCheckpoint _checkpoint = PartitionCheckpoint.Initial;
    // The newest checkpoint accepted for writing (ahead of _checkpoint while a write is in flight): saves are fenced and partitions opened against it.
    private PartitionCheckpoint _accepted = PartitionCheckpoint.Initial;
    private long _eventsSinceSnapshot;
    private long _statesSinceSnapshot;
    private bool _snapshotting;

    public PartitionCheckpointEntity(string partitionId, int snapshotEvery)
    {
        PersistenceId = "partition-checkpoint-" + partitionId;
        _snapshotEvery = Math.Max(1, snapshotEvery);
        Recover<SnapshotOffer>(offer =>
        {
            switch (offer.Snapshot)
            {
                case SerializedSnapshot serialized:
                    Restore(serialized.Read());
                    break;
                case PartitionStateSnapshot snapshot:
                    Restore(snapshot);
                    break;
                case PartitionCheckpoint checkpoint:
                    Restore(checkpoint);
                    break;
            }
            (_eventsSinceSnapshot, _statesSinceSnapshot) = (0, 0);
        });
        Recover<PartitionCheckpoint>(c =>
        {
            Restore(c);
            _eventsSinceSnapshot++;
        });
        Recover<PartitionCheckpointed>(Apply);
        Recover<StampsSaved>(Apply);
        Recover<RecoveryCompleted>(_ => _accepted = _checkpoint);

        Command<GetPartitionCheckpoint>(q => Sender.Tell(new PartitionCheckpointView(q.PartitionId, WithTimers(_checkpoint))));
        Command<LoadEntityState>(load =>
        {
            if (_writing.TryGetValue(load.PersistenceId, out var writing)) writing.Loads.Add(Sender);
            else Sender.Tell(Loaded(load.PersistenceId));
        });
        Command<OpenPartition>(open =>
        {
            // The epoch is taken at once: a save of the processor it replaces is fenced from here on.
            _accepted = _accepted with { Epoch = _accepted.Epoch + 1 };
            Store(new PartitionCheckpointed(_accepted, [], [], TimersAsChanges: true), [], Apply,
                saved => new PartitionOpened(open.PartitionId, WithTimers(saved.Checkpoint)));
        });
        Command<SavePartitionCheckpoint>(save =>
        {
            if (save.Checkpoint.Epoch != _accepted.Epoch || save.Checkpoint.Offset < _accepted.Offset)
            {
                Sender.Tell(new PartitionCheckpointSaved(save.PartitionId, _accepted.Offset, Fenced: true));
                return;
            }
            _accepted = save.Checkpoint with { Timers = [] };
            var changes = save.Changes.IsDefault ? [] : save.Changes;
            // The journal gets deltas where a state has them; memory keeps the whole states. Deltas are
            // computed against the state as of the write before, which the journal replays first.
            var stored = changes.Select(change => Latest(change.PersistenceId) is { } before
                && StateDeltas.Between(before.Payload, change.Payload) is { } delta ? change with { Payload = delta } : change).ToImmutableArray();
            var timers = save.TimerChanges.IsDefault ? [] : save.TimerChanges;
            foreach (var change in changes) Writes(change.PersistenceId).State = change;
            Store(new PartitionCheckpointed(_accepted, stored, timers, TimersAsChanges: true), [.. changes.Select(c => c.PersistenceId)],
                saved => Apply(saved with { Changes = changes }),
                saved => new PartitionCheckpointSaved(save.PartitionId, saved.Checkpoint.Offset, Fenced: false));
        });
        Command<SaveStamps>(save => Store(new StampsSaved(save.PersistenceId, save.Stamps), [save.PersistenceId], Apply, saved => saved));
        Command<SnapshotSerialized>(serialized =>
        {
            _snapshotting = false;
            SnapshotStore.Tell(new SaveSnapshot(new SnapshotMetadata(PersistenceId, serialized.SequenceNr, serialized.Taken), serialized.Snapshot));
        });
        Command<Status.Failure>(failure =>
        {
            _snapshotting = false;
            _log.Warning(failure.Cause, "Serializing the snapshot of {0} failed", PersistenceId);
        });
        Command<SaveSnapshotSuccess>(s => DeleteMessages(s.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed", PersistenceId));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Deleting old checkpoints of {0} failed", PersistenceId));
    }

    public override string PersistenceId { get; }

    /// <summary>
    /// Persists <paramref name="event"/> without holding other messages back, then applies it, answers
    /// the sender, hands the loads that waited for the entities it carried their state and snapshots when due.
    /// </summary>
    private void Store<TEvent>(TEvent @event, IReadOnlyList<string> entities, Action<TEvent> apply, Func<TEvent, object> answer)
        where TEvent : class
    {
        var sender = Sender;
        foreach (var id in entities) Writes(id).Count++;
        PersistAsync(@event, saved =>
        {
            apply(saved);
            sender.Tell(answer(saved));
            foreach (var id in entities) Landed(id);
            Snapshot();
        });
    }

    private Writing Writes(string persistenceId)
    {
        if (!_writing.TryGetValue(persistenceId, out var writing)) _writing[persistenceId] = writing = new Writing();
        return writing;
    }

    private void Landed(string persistenceId)
    {
        var writing = _writing[persistenceId];
        if (--writing.Count > 0) return;
        _writing.Remove(persistenceId);
        if (writing.Loads.Count == 0) return;
        var loaded = Loaded(persistenceId);
        foreach (var loader in writing.Loads) loader.Tell(loaded);
    }

    private EntityStateLoaded Loaded(string persistenceId) =>
        new(persistenceId, _entities.GetValueOrDefault(persistenceId), _stamps.GetValueOrDefault(persistenceId, []));

    /// <summary>The entity's state as of the newest accepted write (in flight or applied).</summary>
    private StagedState? Latest(string persistenceId) =>
        _writing.TryGetValue(persistenceId, out var writing) && writing.State is { } state ? state : _entities.GetValueOrDefault(persistenceId);

    /// <summary>An entity's writes in flight: how many, the newest state among them, and the loads that wait for them.</summary>
    private sealed class Writing
    {
        public int Count { get; set; }

        public StagedState? State { get; set; }

        public List<IActorRef> Loads { get; } = [];
    }

    private void Apply(PartitionCheckpointed saved)
    {
        _eventsSinceSnapshot++;
        _statesSinceSnapshot += saved.Changes.Length;
        if (saved.TimersAsChanges)
        {
            _checkpoint = saved.Checkpoint;
            foreach (var change in saved.TimerChanges.IsDefault ? [] : saved.TimerChanges)
            {
                if (change.Time is { } time) _timers[change.Key] = time;
                else _timers.Remove(change.Key);
            }
        }
        else Restore(saved.Checkpoint);
        foreach (var change in saved.Changes)
        {
            // Only a recovery meets deltas: the journal is replayed in order, so each meets the state it was computed from.
            var state = StateDeltas.IsDelta(change.Payload)
                ? change with { Payload = StateDeltas.Apply(_entities.GetValueOrDefault(change.PersistenceId)?.Payload, change.Payload) }
                : change;
            _entities[state.PersistenceId] = state;
            // The stored state reflects the results the entity answered before it staged it: no replay re-creates them.
            if (_stamps.TryGetValue(state.PersistenceId, out var stamps))
            {
                var kept = stamps.RemoveAll(s => s.SupersededBy(state.Stage));
                if (kept.IsEmpty) _stamps.Remove(state.PersistenceId);
                else _stamps[state.PersistenceId] = kept;
            }
        }
    }

    private void Apply(StampsSaved saved)
    {
        _eventsSinceSnapshot++;
        _stamps[saved.PersistenceId] = _stamps.TryGetValue(saved.PersistenceId, out var earlier) ? earlier.AddRange(saved.Stamps) : saved.Stamps;
    }

    /// <summary>
    /// Takes a snapshot when one is due: what the store holds as of the last applied event (its states are
    /// immutable), serialized on the thread pool, then saved under that event's sequence number.
    /// </summary>
    private void Snapshot()
    {
        if (_snapshotting || !SnapshotPolicy.IsDue(_eventsSinceSnapshot, _statesSinceSnapshot, _entities.Count, _snapshotEvery)) return;
        (_eventsSinceSnapshot, _statesSinceSnapshot) = (0, 0);
        _snapshotting = true;
        var (sequenceNr, taken) = (LastSequenceNr, DateTime.UtcNow);
        var snapshot = new PartitionStateSnapshot(WithTimers(_checkpoint), [.. _entities.Values], [.. _stamps.Select(s => new StampsSaved(s.Key, s.Value))]);
        Task.Run(() => SerializedSnapshot.Of(snapshot)).PipeTo(Self, success: serialized => new SnapshotSerialized(sequenceNr, taken, serialized));
    }

    private sealed record SnapshotSerialized(long SequenceNr, DateTime Taken, SerializedSnapshot Snapshot);

    private void Restore(PartitionStateSnapshot snapshot)
    {
        Restore(snapshot.Checkpoint);
        foreach (var state in snapshot.Entities) _entities[state.PersistenceId] = state;
        foreach (var stamps in snapshot.Stamps) _stamps[stamps.PersistenceId] = stamps.Stamps;
    }

    /// <summary>Takes a checkpoint that lists every pending timer; the store keeps the timers apart from it.</summary>
    private void Restore(PartitionCheckpoint checkpoint)
    {
        _timers.Clear();
        foreach (var timer in checkpoint.Timers.IsDefault ? [] : checkpoint.Timers) _timers[timer.Key] = timer.Time;
        _checkpoint = checkpoint with { Timers = [] };
    }

    private PartitionCheckpoint WithTimers(PartitionCheckpoint checkpoint) =>
        checkpoint with { Timers = [.. _timers.Select(t => new TimerEntry(t.Key, t.Value))] };

    public static Props Props(string partitionId, int snapshotEvery) =>
        Akka.Actor.Props.Create(() => new PartitionCheckpointEntity(partitionId, snapshotEvery));
}
