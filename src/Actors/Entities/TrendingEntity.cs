using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Streaming.Actors.Products;

namespace Streaming.Actors.Entities;

/// <summary>
/// The cluster-wide trending aggregator (one sharded entity, id <see cref="Id"/>): a thin shell around
/// <see cref="TrendingAggregator"/>. It persists a contribution whenever it collected a record,
/// released a window or had a release confirmed — the contribution, not the whole state, which is
/// re-derived on recovery by applying the contributions again (the whole state only goes into a
/// snapshot every <c>snapshotEvery</c> events). A watermark-only advance stays in memory: every
/// partition re-sends its watermark with each step, and without it a replay can only release a
/// window later, never earlier, and with the same records, so a restart loses nothing.
/// </summary>
public sealed class TrendingEntity : ReceivePersistentActor
{
    public const string Id = "product_analytics";
    private readonly PopularityOptions _options;
    private readonly int _snapshotEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private TrendingAggregatorState? _state;
    private ImmutableArray<TrendingProducts> _unpublished = [];

    public TrendingEntity(string id, PopularityOptions options, int snapshotEvery)
    {
        PersistenceId = "trending-" + id;
        _options = options;
        _snapshotEvery = Math.Max(1, snapshotEvery);
        Recover<SnapshotOffer>(offer => Restore((TrendingCheckpoint)offer.Snapshot));
        Recover<TrendingCheckpoint>(Restore);
        Recover<TrendingContribution>(c => Apply(c));
        Command<TrendingContribution>(Handle);
        Command<SaveSnapshotSuccess>(s => DeleteMessages(s.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed", PersistenceId));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Deleting old checkpoints of {0} failed", PersistenceId));
    }

    public override string PersistenceId { get; }

    private void Restore(TrendingCheckpoint checkpoint)
    {
        _state = checkpoint.State;
        _unpublished = checkpoint.Unpublished.IsDefault ? [] : checkpoint.Unpublished;
    }

    /// <summary>Applies a contribution; true when it changed anything that must survive a restart.</summary>
    private bool Apply(TrendingContribution c)
    {
        var state = _state ?? TrendingAggregatorState.Create(Enumerable.Range(0, Math.Max(1, c.PartitionCount)));
        var changed = _state is null;
        var unpublished = _unpublished;
        if (!c.Published.IsDefaultOrEmpty)
        {
            var kept = unpublished.RemoveAll(t => c.Published.Contains(t.WindowEnd));
            changed |= kept.Length != unpublished.Length;
            unpublished = kept;
        }
        foreach (var window in c.Products.IsDefault ? [] : c.Products)
        {
            var counted = TrendingAggregator.Count(state, window.WindowStart, window.WindowEnd, window.ProductIds);
            changed |= !ReferenceEquals(counted, state);
            state = counted;
        }
        foreach (var record in c.Records.IsDefault ? [] : c.Records)
        {
            var added = TrendingAggregator.Add(state, record);
            state = added.State;
            changed |= added.Outcome == TrendingAddOutcome.Added;
            if (added.Outcome == TrendingAddOutcome.Conflicting && !IsRecovering)
                _log.Warning("Product {0} window {1} arrived with different content; the first is kept", record.ProductId, record.WindowStart);
        }
        if (state.Watermarks.ContainsKey(c.Partition)) state = TrendingAggregator.ObserveWatermark(state, c.Partition, c.Watermark, c.Active);
        var release = TrendingAggregator.Release(state, _options);
        state = release.State;
        if (!release.Released.IsEmpty)
        {
            changed = true;
            unpublished = unpublished.AddRange(release.Released);
        }
        _state = state;
        _unpublished = unpublished;
        return changed;
    }

    private void Handle(TrendingContribution c)
    {
        if (!Apply(c))
        {
            Sender.Tell(new TrendingAccepted(_unpublished));
            return;
        }
        var sender = Sender;
        Persist(c, _ =>
        {
            sender.Tell(new TrendingAccepted(_unpublished));
            if (LastSequenceNr % _snapshotEvery == 0) SaveSnapshot(new TrendingCheckpoint(_state, _unpublished));
        });
    }

    public static Props Props(string id, PopularityOptions options, int snapshotEvery) =>
        Akka.Actor.Props.Create(() => new TrendingEntity(id, options, snapshotEvery));
}
