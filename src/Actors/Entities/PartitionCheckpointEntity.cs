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
/// between nodes. Checkpoints and stamps are written without holding other messages back (a processor
/// goes on with its next step while its checkpoint is written): an entity that loads meanwhile gets its
/// state at once unless a write in flight carries it, then it gets the state once that write is applied.
/// </summary>
/// <remarks>
/// The journal is compacted as it grows instead of being snapshotted: every checkpoint also rewrites whole the
/// entries of the store written longest ago (1 / <c>compactionCheckpoints</c> of them), and the events before the
/// oldest entry's last whole write are deleted (<see cref="CompactionOrder{TKey}"/>). A snapshot wrote the whole store in one transaction — tens of
/// megabytes for a partition that retains orders, holding SQLite's only write lock for hundreds of
/// milliseconds while every checkpoint and alert stamp of the node waited; a rewrite is spread over the
/// checkpoints. Snapshots of earlier versions are still read, and deleted once the entries they held were
/// rewritten.
/// </remarks>
public sealed class PartitionCheckpointEntity : ReceivePersistentActor
{
    private readonly int _compactionCheckpoints;
    private readonly int _deleteEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, StagedState> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<OutputStamp>> _stamps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _timers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Writing> _writing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _timersWriting = new(StringComparer.Ordinal);
    private readonly CompactionOrder<StoreKey> _compaction = new();
    private PartitionCheckpoint _checkpoint = PartitionCheckpoint.Initial;
    // The newest checkpoint accepted for writing (ahead of _checkpoint while a write is in flight): saves are fenced and partitions opened against it.
    private PartitionCheckpoint _accepted = PartitionCheckpoint.Initial;
    private long _deletedThrough;
    private bool _deleting;
    // The sequence number of an earlier version's snapshot that recovery started from (0: none): it goes before any later event does.
    private long _snapshotThrough;
    private bool _deletingSnapshots;
    // The node of the processor that opened the partition and has not closed it (kept in memory only: after a restart
    // of this store no processor of the previous run is left).
    private string? _owner;

    public PartitionCheckpointEntity(string partitionId, int compactionCheckpoints, int deleteEvery)
    {
        PersistenceId = "partition-checkpoint-" + partitionId;
        _compactionCheckpoints = Math.Max(1, compactionCheckpoints);
        _deleteEvery = Math.Max(1, deleteEvery);
        Recover<SnapshotOffer>(offer =>
        {
            switch (offer.Snapshot)
            {
                case PartitionStateSnapshot snapshot:
                    Restore(snapshot, offer.Metadata.SequenceNr);
                    break;
                case PartitionCheckpoint checkpoint:
                    Restore(checkpoint, offer.Metadata.SequenceNr);
                    break;
            }
            _snapshotThrough = offer.Metadata.SequenceNr;
        });
        Recover<PartitionCheckpoint>(c => Restore(c, LastSequenceNr));
        Recover<PartitionCheckpointed>(Apply);
        Recover<StampsSaved>(Apply);
        Recover<PartitionStateDropped>(Apply);
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
            _owner = open.Owner;
            if (open.Fresh)
            {
                _accepted = PartitionCheckpoint.Initial with { Epoch = _accepted.Epoch + 1 };
                Store(new PartitionStateDropped(_accepted), [], Apply, saved => new PartitionOpened(open.PartitionId, saved.Checkpoint));
                return;
            }
            _accepted = _accepted with { Epoch = _accepted.Epoch + 1 };
            Store(new PartitionCheckpointed(_accepted, [], [], TimersAsChanges: true), [], Apply,
                saved => new PartitionOpened(open.PartitionId, WithTimers(saved.Checkpoint)));
        });
        Command<ClosePartition>(close =>
        {
            if (close.Epoch == _accepted.Epoch) _owner = null;
        });
        Command<ResetPartition>(reset =>
        {
            if (_owner is { } owner && IsMember(owner))
            {
                Sender.Tell(new PartitionResetAnswer(reset.PartitionId, false,
                    $"{reset.PartitionId} is being processed by node {owner}; stop that node (or let the partition move away from it), then reset again"));
                return;
            }
            _owner = null;
            _accepted = PartitionCheckpoint.Initial with { Epoch = _accepted.Epoch };
            Store(new PartitionStateDropped(_accepted), [], Apply, _ => new PartitionResetAnswer(reset.PartitionId, true, null));
        });
        Command<SavePartitionCheckpoint>(Save);
        Command<SaveStamps>(save => Store(new StampsSaved(save.PersistenceId, save.Stamps), [save.PersistenceId], Apply, saved => saved));
        Command<DeleteMessagesSuccess>(deleted =>
        {
            _deletedThrough = deleted.ToSequenceNr;
            _deleting = false;
            Compact();
        });
        Command<DeleteMessagesFailure>(failure =>
        {
            _deleting = false;
            _log.Warning(failure.Cause, "Deleting the compacted checkpoints of {0} through {1} failed", PersistenceId, failure.ToSequenceNr);
        });
        Command<DeleteSnapshotsSuccess>(_ =>
        {
            _snapshotThrough = 0;
            _deletingSnapshots = false;
            Compact();
        });
        Command<DeleteSnapshotsFailure>(failure =>
        {
            _deletingSnapshots = false;
            _log.Warning(failure.Cause, "Deleting the earlier snapshots of {0} failed", PersistenceId);
        });
    }

    public override string PersistenceId { get; }

    private void Save(SavePartitionCheckpoint save)
    {
        if (save.Checkpoint.Epoch != _accepted.Epoch || save.Checkpoint.Offset < _accepted.Offset)
        {
            Sender.Tell(new PartitionCheckpointSaved(save.PartitionId, _accepted.Offset, Fenced: true));
            return;
        }
        _accepted = save.Checkpoint with { Timers = [] };
        var staged = save.Changes.IsDefault ? [] : save.Changes;
        ImmutableArray<StagedState> changes = [.. staged.Select(c => c.Delta is null ? c : c with { Delta = null })];
        var timers = save.TimerChanges.IsDefault ? [] : save.TimerChanges;
        var (rewritten, wholeChanges) = Rewrite(staged, timers);
        // The journal gets a state's delta where the state has one against the state this store holds (as of the write
        // before, which the journal replays first), unless the state is due to be written whole again; memory keeps
        // the whole states.
        var stored = staged.Select((change, i) => change.Delta is { } delta && !wholeChanges.Contains(change.PersistenceId)
            && Latest(change.PersistenceId)?.Stage == delta.FromStage ? change with { Payload = delta.Payload, Delta = null } : changes[i]).ToImmutableArray();
        // Deferred states that go whole (changed or rewritten) are serialized here rather than by the journal, which
        // serializes every partition's events on one actor.
        foreach (var state in rewritten is null ? stored : stored.AddRange(rewritten.States)) _ = state.Payload.Json;
        foreach (var change in changes) Writes(change.PersistenceId).State = change;
        foreach (var timer in timers) _timersWriting[timer.Key] = _timersWriting.GetValueOrDefault(timer.Key) + 1;
        Store(new PartitionCheckpointed(_accepted, stored, timers, TimersAsChanges: true, rewritten), [.. changes.Select(c => c.PersistenceId)],
            saved =>
            {
                Apply(saved, changes);
                foreach (var timer in timers)
                {
                    if (--_timersWriting[timer.Key] == 0) _timersWriting.Remove(timer.Key);
                }
            },
            saved => new PartitionCheckpointSaved(save.PartitionId, saved.Checkpoint.Offset, Fenced: false));
    }

    /// <summary>
    /// The entries written whole longest ago that go into the next checkpoint again: of each kind one in
    /// <c>compactionCheckpoints</c> of the store, so every entry is written whole about once in that many checkpoints
    /// and the journal holds about that many. A changed state among the oldest is stored whole instead of as a delta
    /// (returned apart) and counts. Other changed entries are written anyway; entries with a write in flight (whose newer value a
    /// rewrite of the applied one would undo on replay) wait for a later checkpoint.
    /// </summary>
    /// <remarks>
    /// The budget does not grow with the checkpoint's changes (log compaction's "rewrite as much as you wrote"): on SQLite
    /// every byte of a checkpoint goes through the one write lock, and rewriting as many entries as changed cost the
    /// saturated order stream about a fifth of its events/s (docs/benchmarks.md). A busy partition's journal holds
    /// <c>compactionCheckpoints</c> checkpoints instead of about twice its store.
    /// </remarks>
    private (StoreEntries? Rewritten, HashSet<string> WholeChanges) Rewrite(ImmutableArray<StagedState> changes, ImmutableArray<TimerChange> timerChanges)
    {
        var whole = new HashSet<string>(StringComparer.Ordinal);
        int Floor(int count) => (count + _compactionCheckpoints - 1) / _compactionCheckpoints;
        var (stateBudget, timerBudget, stampBudget) = (Floor(_entities.Count), Floor(_timers.Count), Floor(_stamps.Count));
        if (stateBudget + timerBudget + stampBudget == 0) return (null, whole);
        var changed = changes.Select(c => c.PersistenceId).ToHashSet(StringComparer.Ordinal);
        var changedTimers = timerChanges.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var states = ImmutableArray.CreateBuilder<StagedState>();
        var timers = ImmutableArray.CreateBuilder<TimerEntry>();
        var stamps = ImmutableArray.CreateBuilder<StampsSaved>();
        // Entries that wait (or of a kind whose budget is spent) are skipped; the scan stops well before the whole store.
        var scan = 4 * (stateBudget + timerBudget + stampBudget);
        foreach (var (kind, id) in _compaction.Oldest())
        {
            if (stateBudget + timerBudget + stampBudget == 0 || scan-- == 0) break;
            switch (kind)
            {
                case StoreEntry.State when stateBudget > 0 && changed.Contains(id):
                    whole.Add(id);
                    stateBudget--;
                    break;
                case StoreEntry.State when stateBudget > 0 && !_writing.ContainsKey(id) && _entities.TryGetValue(id, out var state):
                    states.Add(state);
                    stateBudget--;
                    break;
                case StoreEntry.Timer when timerBudget > 0 && !changedTimers.Contains(id) && !_timersWriting.ContainsKey(id) && _timers.TryGetValue(id, out var time):
                    timers.Add(new TimerEntry(id, time));
                    timerBudget--;
                    break;
                // A changed state prunes the stamps it supersedes when applied: rewriting them as well would keep them.
                case StoreEntry.Stamps when stampBudget > 0 && !changed.Contains(id) && !_writing.ContainsKey(id) && _stamps.TryGetValue(id, out var kept):
                    stamps.Add(new StampsSaved(id, kept));
                    stampBudget--;
                    break;
            }
        }
        var rewritten = states.Count + timers.Count + stamps.Count == 0 ? null : new StoreEntries(states.ToImmutable(), timers.ToImmutable(), stamps.ToImmutable());
        return (rewritten, whole);
    }

    /// <summary>
    /// Persists <paramref name="event"/> without holding other messages back, then applies it, answers
    /// the sender, hands the loads that waited for the entities it carried their state and deletes
    /// the events the store no longer needs.
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
            Compact();
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

    /// <summary>
    /// Deletes the events before the oldest one the store still needs (the newest always stays: it holds the checkpoint),
    /// once at least <c>deleteEvery</c> of them can go.
    /// </summary>
    private void Compact()
    {
        var through = Math.Min(_compaction.Horizon ?? long.MaxValue, LastSequenceNr) - 1;
        if (_deleting || through - _deletedThrough < _deleteEvery) return;
        if (_snapshotThrough > 0 && through >= _snapshotThrough)
        {
            // Recovery would start from the snapshot again and bring back what later events removed.
            if (_deletingSnapshots) return;
            _deletingSnapshots = true;
            DeleteSnapshots(new SnapshotSelectionCriteria(_snapshotThrough));
            return;
        }
        _deleting = true;
        DeleteMessages(through);
    }

    private void Apply(PartitionCheckpointed saved) => Apply(saved, null);

    /// <summary>Applies a stored checkpoint; <paramref name="whole"/> are its changes as whole states where the event holds deltas (known to the writer).</summary>
    private void Apply(PartitionCheckpointed saved, ImmutableArray<StagedState>? whole)
    {
        var sequence = LastSequenceNr;
        if (saved.TimersAsChanges)
        {
            _checkpoint = saved.Checkpoint;
            foreach (var change in saved.TimerChanges.IsDefault ? [] : saved.TimerChanges)
            {
                var key = new StoreKey(StoreEntry.Timer, change.Key);
                if (change.Time is { } time)
                {
                    _timers[change.Key] = time;
                    _compaction.Written(key, sequence);
                }
                else
                {
                    _timers.Remove(change.Key);
                    _compaction.Removed(key);
                }
            }
        }
        else Restore(saved.Checkpoint, sequence);
        for (var i = 0; i < saved.Changes.Length; i++)
        {
            var change = saved.Changes[i];
            var state = whole?[i] ?? change;
            if (!StateDeltas.IsDelta(change.Payload)) _compaction.Written(new StoreKey(StoreEntry.State, change.PersistenceId), sequence);
            else if (whole is null)
            {
                // A recovery replays the journal in order, so a delta meets the state it was computed from — unless
                // compaction deleted that state's event, and then a whole rewrite of the entity follows later in the journal.
                if (!_entities.TryGetValue(change.PersistenceId, out var before)) continue;
                state = change with { Payload = StateDeltas.Apply(before.Payload, change.Payload) };
            }
            _entities[state.PersistenceId] = state;
            // The stored state reflects the results the entity answered before it staged it: no replay re-creates them.
            if (_stamps.TryGetValue(state.PersistenceId, out var stamps))
            {
                var kept = stamps.RemoveAll(s => s.SupersededBy(state.Stage));
                if (kept.IsEmpty) RemoveStamps(state.PersistenceId);
                else _stamps[state.PersistenceId] = kept;
            }
        }
        if (saved.Rewritten is { } rewritten) Restore(rewritten, sequence);
    }

    /// <summary>Everything the store held is gone; the events before this one are no longer needed.</summary>
    private void Apply(PartitionStateDropped dropped)
    {
        _entities.Clear();
        _stamps.Clear();
        _timers.Clear();
        _compaction.Clear();
        _checkpoint = dropped.Checkpoint;
    }

    /// <summary>Whether <paramref name="address"/> is a node of the cluster that may still be processing (not down, not removed).</summary>
    private static bool IsMember(string address) =>
        Akka.Cluster.Cluster.Get(Context.System).State.Members.Any(m => m.Address.ToString() == address
            && m.Status is Akka.Cluster.MemberStatus.Up or Akka.Cluster.MemberStatus.Joining or Akka.Cluster.MemberStatus.WeaklyUp or Akka.Cluster.MemberStatus.Leaving);

    private void Apply(StampsSaved saved)
    {
        _stamps[saved.PersistenceId] = _stamps.TryGetValue(saved.PersistenceId, out var earlier) ? earlier.AddRange(saved.Stamps) : saved.Stamps;
        _compaction.Extended(new StoreKey(StoreEntry.Stamps, saved.PersistenceId), LastSequenceNr);
    }

    private void RemoveStamps(string persistenceId)
    {
        _stamps.Remove(persistenceId);
        _compaction.Removed(new StoreKey(StoreEntry.Stamps, persistenceId));
    }

    private void Restore(PartitionStateSnapshot snapshot, long sequence)
    {
        Restore(snapshot.Checkpoint, sequence);
        Restore(new StoreEntries(snapshot.Entities, [], snapshot.Stamps), sequence);
    }

    /// <summary>Takes entries written whole in event <paramref name="sequence"/>.</summary>
    private void Restore(StoreEntries entries, long sequence)
    {
        foreach (var state in entries.States.IsDefault ? [] : entries.States)
        {
            _entities[state.PersistenceId] = state;
            _compaction.Written(new StoreKey(StoreEntry.State, state.PersistenceId), sequence);
        }
        foreach (var timer in entries.Timers.IsDefault ? [] : entries.Timers)
        {
            _timers[timer.Key] = timer.Time;
            _compaction.Written(new StoreKey(StoreEntry.Timer, timer.Key), sequence);
        }
        foreach (var stamps in entries.Stamps.IsDefault ? [] : entries.Stamps)
        {
            if (stamps.Stamps.IsDefaultOrEmpty)
            {
                RemoveStamps(stamps.PersistenceId);
                continue;
            }
            _stamps[stamps.PersistenceId] = stamps.Stamps;
            _compaction.Written(new StoreKey(StoreEntry.Stamps, stamps.PersistenceId), sequence);
        }
    }

    /// <summary>Takes a checkpoint that lists every pending timer (written in event <paramref name="sequence"/>); the store keeps the timers apart from it.</summary>
    private void Restore(PartitionCheckpoint checkpoint, long sequence)
    {
        foreach (var key in _timers.Keys) _compaction.Removed(new StoreKey(StoreEntry.Timer, key));
        _timers.Clear();
        Restore(new StoreEntries([], checkpoint.Timers.IsDefault ? [] : checkpoint.Timers, []), sequence);
        _checkpoint = checkpoint with { Timers = [] };
    }

    private PartitionCheckpoint WithTimers(PartitionCheckpoint checkpoint) =>
        checkpoint with { Timers = [.. _timers.Select(t => new TimerEntry(t.Key, t.Value))] };

    /// <summary>Which of the store's maps an entry lives in: states and stamps by the entity's id, timers by their key.</summary>
    private enum StoreEntry
    {
        State,
        Timer,
        Stamps,
    }

    private readonly record struct StoreKey(StoreEntry Kind, string Id);

    /// <summary>
    /// The store of a partition. <paramref name="deleteEvery"/>: a delete is a write transaction too, and on SQLite one
    /// that a checkpoint or stamp write meets while it runs costs that write a 150 ms retry (see the node's journal
    /// settings), so the journal is trimmed in batches.
    /// </summary>
    public static Props Props(string partitionId, int compactionCheckpoints, int deleteEvery = DefaultDeleteEvery) =>
        Akka.Actor.Props.Create(() => new PartitionCheckpointEntity(partitionId, compactionCheckpoints, deleteEvery));

    public const int DefaultDeleteEvery = 16;
}
