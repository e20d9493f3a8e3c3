using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Streaming.Analytics.Keyed;

namespace Streaming.Engine.Combining;

/// <summary>
/// The cluster-wide state of one combiner (e.g. trending): a thin shell around its pure logic. It persists a
/// contribution whenever it collected something, released records or had a release confirmed — the contribution, not
/// the state, which recovery re-derives by applying the contributions again (the whole state goes into a snapshot every
/// <c>snapshotEvery</c> events). A watermark-only advance stays in memory: every partition sends its watermark with
/// each step, and without it a replay can only release a record later, never earlier, and with the same contents.
/// Released records stay until a later contribution confirms them published, so a crash between release and publish
/// repeats only the (identical) record.
/// </summary>
public sealed class CombinerEntity<TOutput, TPart, TState, TRecord> : ReceivePersistentActor
    where TPart : class
    where TState : class
    where TRecord : class
{
    private readonly Combiner<TOutput, TPart, TState, TRecord> _combiner;
    private readonly int _snapshotEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private TState? _state;
    private ImmutableArray<ReleasedRecord> _unpublished = [];

    public CombinerEntity(Combiner<TOutput, TPart, TState, TRecord> combiner, int snapshotEvery)
    {
        _combiner = combiner;
        _snapshotEvery = Math.Max(1, snapshotEvery);
        PersistenceId = "combiner-" + combiner.Name;
        Recover<SnapshotOffer>(offer => Restore((CombinerSnapshot)offer.Snapshot));
        Recover<CombinerContribution>(c => Apply(c));
        Command<CombinerContribution>(Handle);
        Command<SaveSnapshotSuccess>(s => DeleteMessages(s.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed", PersistenceId));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Deleting old events of {0} failed", PersistenceId));
    }

    public override string PersistenceId { get; }

    private void Restore(CombinerSnapshot snapshot)
    {
        _state = snapshot.State is { } state ? _combiner.DecodeState(state) : null;
        _unpublished = snapshot.Unpublished.IsDefault ? [] : snapshot.Unpublished;
    }

    /// <summary>Applies a contribution; true when it changed anything that must survive a restart.</summary>
    private bool Apply(CombinerContribution c)
    {
        var state = _state ?? _combiner.Create(c.PartitionCount);
        var changed = _state is null;
        var unpublished = _unpublished;
        if (!c.Published.IsDefaultOrEmpty)
        {
            var kept = unpublished.RemoveAll(r => c.Published.Contains(r.Id));
            changed |= kept.Length != unpublished.Length;
            unpublished = kept;
        }
        (state, var added) = _combiner.Add(state, c.Partition, _combiner.DecodePart(c.Part), c.Watermark, c.Active);
        changed |= added;
        (state, var released) = _combiner.Release(state);
        if (!released.IsEmpty)
        {
            changed = true;
            unpublished = unpublished.AddRange(released.Select(r => new ReleasedRecord(_combiner.IdOf(r), _combiner.EncodeRecord(r))));
        }
        _state = state;
        _unpublished = unpublished;
        return changed;
    }

    private void Handle(CombinerContribution c)
    {
        if (!Apply(c))
        {
            Sender.Tell(new CombinerAccepted(_unpublished));
            return;
        }
        var sender = Sender;
        Persist(c, _ =>
        {
            sender.Tell(new CombinerAccepted(_unpublished));
            if (LastSequenceNr % _snapshotEvery == 0) SaveSnapshot(new CombinerSnapshot(_state is null ? null : _combiner.EncodeState(_state), _unpublished));
        });
    }
}

/// <summary>Props of a combiner's entity, built with its types (see <see cref="ICombinerVisitor{TOutput, TResult}"/>).</summary>
public sealed class CombinerProps<TOutput>(int snapshotEvery) : ICombinerVisitor<TOutput, Props>
{
    public Props Visit<TPart, TState, TRecord>(Combiner<TOutput, TPart, TState, TRecord> combiner)
        where TPart : class where TState : class where TRecord : class =>
        Props.Create(() => new CombinerEntity<TOutput, TPart, TState, TRecord>(combiner, snapshotEvery));
}
