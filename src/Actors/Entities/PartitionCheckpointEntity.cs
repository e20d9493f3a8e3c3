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
/// </summary>
public sealed class PartitionCheckpointEntity : ReceivePersistentActor
{
    private readonly int _snapshotEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, StagedState> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<OutputStamp>> _stamps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _timers = new(StringComparer.Ordinal);
    private PartitionCheckpoint _checkpoint = PartitionCheckpoint.Initial;
    private long _eventsSinceSnapshot;
    private long _statesSinceSnapshot;

    public PartitionCheckpointEntity(string partitionId, int snapshotEvery)
    {
        PersistenceId = "partition-checkpoint-" + partitionId;
        _snapshotEvery = Math.Max(1, snapshotEvery);
        Recover<SnapshotOffer>(offer =>
        {
            switch (offer.Snapshot)
            {
                case PartitionStateSnapshot snapshot:
                    Restore(snapshot.Checkpoint);
                    foreach (var state in snapshot.Entities) _entities[state.PersistenceId] = state;
                    foreach (var stamps in snapshot.Stamps) _stamps[stamps.PersistenceId] = stamps.Stamps;
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

        Command<GetPartitionCheckpoint>(q => Sender.Tell(new PartitionCheckpointView(q.PartitionId, WithTimers(_checkpoint))));
        Command<LoadEntityState>(load => Sender.Tell(new EntityStateLoaded(load.PersistenceId, _entities.GetValueOrDefault(load.PersistenceId),
            _stamps.GetValueOrDefault(load.PersistenceId, []))));
        Command<OpenPartition>(open => Store(new PartitionCheckpointed(_checkpoint with { Epoch = _checkpoint.Epoch + 1 }, [], [], TimersAsChanges: true),
            Apply, saved => new PartitionOpened(open.PartitionId, WithTimers(saved.Checkpoint))));
        Command<SavePartitionCheckpoint>(save =>
        {
            if (save.Checkpoint.Epoch != _checkpoint.Epoch || save.Checkpoint.Offset < _checkpoint.Offset)
            {
                Sender.Tell(new PartitionCheckpointSaved(save.PartitionId, _checkpoint.Offset, Fenced: true));
                return;
            }
            var changes = save.Changes.IsDefault ? [] : save.Changes;
            // The journal gets deltas where a state has them; memory keeps the whole states.
            var stored = changes.Select(change => _entities.TryGetValue(change.PersistenceId, out var before)
                && StateDeltas.Between(before.Payload, change.Payload) is { } delta ? change with { Payload = delta } : change).ToImmutableArray();
            var timers = save.TimerChanges.IsDefault ? [] : save.TimerChanges;
            Store(new PartitionCheckpointed(save.Checkpoint with { Timers = [] }, stored, timers, TimersAsChanges: true), saved => Apply(saved with { Changes = changes }),
                saved => new PartitionCheckpointSaved(save.PartitionId, saved.Checkpoint.Offset, Fenced: false));
        });
        Command<SaveStamps>(save => Store(new StampsSaved(save.PersistenceId, save.Stamps), Apply, saved => saved));
        Command<SaveSnapshotSuccess>(s => DeleteMessages(s.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed", PersistenceId));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Deleting old checkpoints of {0} failed", PersistenceId));
    }

    public override string PersistenceId { get; }

    /// <summary>Persists <paramref name="event"/>, then applies it, answers the sender and snapshots when due.</summary>
    private void Store<TEvent>(TEvent @event, Action<TEvent> apply, Func<TEvent, object> answer)
        where TEvent : class
    {
        var sender = Sender;
        Persist(@event, saved =>
        {
            apply(saved);
            sender.Tell(answer(saved));
            Snapshot();
        });
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
            // The stored state reflects every result the entity answered so far: no replay re-creates them.
            _stamps.Remove(state.PersistenceId);
        }
    }

    private void Apply(StampsSaved saved)
    {
        _eventsSinceSnapshot++;
        _stamps[saved.PersistenceId] = _stamps.TryGetValue(saved.PersistenceId, out var earlier) ? earlier.AddRange(saved.Stamps) : saved.Stamps;
    }

    private void Snapshot()
    {
        if (!SnapshotPolicy.IsDue(_eventsSinceSnapshot, _statesSinceSnapshot, _entities.Count, _snapshotEvery)) return;
        (_eventsSinceSnapshot, _statesSinceSnapshot) = (0, 0);
        SaveSnapshot(new PartitionStateSnapshot(WithTimers(_checkpoint), [.. _entities.Values],
            [.. _stamps.Select(s => new StampsSaved(s.Key, s.Value))]));
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
