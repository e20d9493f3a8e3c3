using System.Collections.Immutable;
using Akka.Actor;
using Streaming.Actors.Entities;
using Streaming.Actors.Orders;
using Streaming.Actors.Products;
using Streaming.Streams.Contracts;

namespace Streaming.Actors.Tests.Entities;

/// <summary>
/// A partition checkpoint actor stores product window states as deltas against the state it stored
/// before and compacts its journal by rewriting its oldest entries; after a restart (journal replay,
/// with and without compaction) every entity loads exactly the last state it stored.
/// </summary>
public sealed class PartitionCheckpointEntityTests : IAsyncLifetime
{
    private const string Partition = "product_analytics-0";
    private const string Entity = "product-windows-p1";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PopularityOptions Options = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), 3);
    // The journal is trimmed as soon as an event can go, so that the tests see every deletion.
    private const int DeleteEvery = 1;
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        _system = InMemoryPersistence.CreateSystem("partition-checkpoint-tests");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.Terminate();

    [Theory]
    [InlineData(1000)] // replay of whole states and deltas only
    [InlineData(1)] // every checkpoint rewrites the whole store, and the events before it are deleted
    public async Task AfterARestartTheLastStoredStateLoadsWhole(int compactionCheckpoints)
    {
        var store = _system.ActorOf(PartitionCheckpointEntity.Props(Partition, compactionCheckpoints, DeleteEvery));
        var epoch = (await store.Ask<PartitionOpened>(new OpenPartition(Partition), Timeout)).Checkpoint.Epoch;
        var states = States().ToList();
        // Entities written before it, so that compaction rewrites them first and the product's changes stay deltas.
        var others = Enumerable.Range(0, states.Count).Select(i => StagedState.Of($"user-anomaly-u{i}", 1, new EntityCheckpoint<UserAnomalyState>(UserAnomalyState.Empty($"u{i}"), 0)));
        await store.Ask<PartitionCheckpointSaved>(new SavePartitionCheckpoint(Partition, new PartitionCheckpoint(epoch, 0, null, []), [.. others]), Timeout);
        var offset = 0L;
        object? before = null;
        foreach (var state in states)
        {
            offset += 10;
            var current = new EntityCheckpoint<ProductWindowsState>(state, offset);
            var staged = Staged(Entity, offset / 10, current, before);
            before = current;
            var saved = await store.Ask<PartitionCheckpointSaved>(
                new SavePartitionCheckpoint(Partition, new PartitionCheckpoint(epoch, offset, null, []), [staged]), Timeout);
            Assert.False(saved.Fenced);
        }

        // Events are deleted after they were written: with compaction the journal must shrink to the last one or two;
        // without, it holds the deltas the entity staged.
        if (compactionCheckpoints == 1) await JournalShrinksToAsync("partition-checkpoint-" + Partition, 2);
        else Assert.Contains((await JournalAsync("partition-checkpoint-" + Partition)).OfType<PartitionCheckpointed>(), e => e.Changes.Any(c => StateDeltas.IsDelta(c.Payload)));
        await store.GracefulStop(Timeout);
        var restarted = _system.ActorOf(PartitionCheckpointEntity.Props(Partition, compactionCheckpoints, DeleteEvery));
        var loaded = await restarted.Ask<EntityStateLoaded>(new LoadEntityState(Partition, Entity), Timeout);

        var checkpoint = Assert.IsType<EntityCheckpoint<ProductWindowsState>>(loaded.State!.Payload.Read());
        Assert.Equal(states[^1], checkpoint.State);
        Assert.Equal(offset, checkpoint.AppliedOffset);
        Assert.Equal(offset / 10, loaded.State.Stage);
    }

    /// <summary>The staged state an entity hands over: whole, and as a delta against its checkpoint before (as <see cref="CheckpointedEntity{TState, TInput, TOutput}"/> stages it).</summary>
    private static StagedState Staged(string id, long stage, object checkpoint, object? before) =>
        StagedState.Of(id, stage, checkpoint) with
        {
            Delta = before is not null && StateDeltas.Between(before, checkpoint) is { } delta ? new StateDelta(stage - 1, StatePayload.Of(delta)) : null,
        };

    /// <summary>Waits until the journal replays at most <paramref name="events"/> events of <paramref name="persistenceId"/>.</summary>
    private async Task JournalShrinksToAsync(string persistenceId, int events)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        int replayed;
        while ((replayed = (await JournalAsync(persistenceId)).Count) > events)
        {
            Assert.True(waited.Elapsed < Timeout, $"the journal of {persistenceId} still holds {replayed} events, not at most {events}");
            await Task.Delay(20);
        }
    }

    /// <summary>The events of <paramref name="persistenceId"/> a recovery would replay.</summary>
    private async Task<List<object>> JournalAsync(string persistenceId)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(_system).JournalFor(null);
        var replayed = new TaskCompletionSource<List<object>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var collector = _system.ActorOf(Props.Create(() => new ReplayCollector(replayed)));
        journal.Tell(new Akka.Persistence.ReplayMessages(1, long.MaxValue, long.MaxValue, persistenceId, collector), collector);
        var events = await replayed.Task.WaitAsync(Timeout);
        _system.Stop(collector);
        return events;
    }

    /// <summary>Collects the events a journal replays to it until the replay ends.</summary>
    private sealed class ReplayCollector(TaskCompletionSource<List<object>> done) : UntypedActor
    {
        private readonly List<object> _events = [];

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Akka.Persistence.ReplayedMessage replayed:
                    _events.Add(replayed.Persistent.Payload);
                    break;
                case Akka.Persistence.RecoverySuccess:
                    done.TrySetResult(_events);
                    break;
                case Akka.Persistence.ReplayMessagesFailure failure:
                    done.TrySetException(failure.Cause);
                    break;
            }
        }
    }

    [Theory]
    [InlineData(1000)] // replay of the timer changes only
    [InlineData(1)] // every checkpoint rewrites the timers that did not change, and the events before it are deleted
    public async Task ACheckpointStoresOnlyTheTimersThatChangedAndARestartHasThemAll(int compactionCheckpoints)
    {
        const string partition = "order_events-0";
        var store = _system.ActorOf(PartitionCheckpointEntity.Props(partition, compactionCheckpoints, DeleteEvery));
        var epoch = (await store.Ask<PartitionOpened>(new OpenPartition(partition), Timeout)).Checkpoint.Epoch;
        ImmutableArray<TimerChange>[] rounds =
        [
            [new("user/a", T0.AddMinutes(1)), new("user/b", T0.AddMinutes(2)), new("order/x", T0.AddMinutes(3))],
            [new("user/a", T0.AddMinutes(4)), new("user/b", null)],
            [],
            [new("order/y", T0.AddMinutes(5)), new("order/x", null), new("order/x", T0.AddMinutes(6))],
        ];
        var offset = 0L;
        foreach (var changes in rounds)
        {
            offset += 10;
            var saved = await store.Ask<PartitionCheckpointSaved>(
                new SavePartitionCheckpoint(partition, new PartitionCheckpoint(epoch, offset, null, []), [], changes), Timeout);
            Assert.False(saved.Fenced);
        }
        var expected = new Dictionary<string, DateTimeOffset> { ["user/a"] = T0.AddMinutes(4), ["order/x"] = T0.AddMinutes(6), ["order/y"] = T0.AddMinutes(5) };
        var live = await store.Ask<PartitionCheckpointView>(new GetPartitionCheckpoint(partition), Timeout);

        await store.GracefulStop(Timeout);
        var restarted = _system.ActorOf(PartitionCheckpointEntity.Props(partition, compactionCheckpoints, DeleteEvery));
        var reopened = (await restarted.Ask<PartitionOpened>(new OpenPartition(partition), Timeout)).Checkpoint;

        Assert.Equal(expected, live.Checkpoint.Timers.ToDictionary(t => t.Key, t => t.Time));
        Assert.Equal(expected, reopened.Timers.ToDictionary(t => t.Key, t => t.Time));
        Assert.Equal(offset, reopened.Offset);
        Assert.Equal(epoch + 1, reopened.Epoch);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 3, 1)]
    [InlineData(3, 1000, 1)]
    [InlineData(4, 2, 1)]
    [InlineData(5, 1, 4)]
    [InlineData(6, 3, 3)]
    public async Task AfterCompactingCheckpointsARestartHasEveryStateTimerAndStampStoredLast(int seed, int compactionCheckpoints, int deleteEvery)
    {
        var partition = $"order_events-{10 + seed}";
        var persistenceId = "partition-checkpoint-" + partition;
        var random = new Random(seed);
        var productStates = States().ToList();
        var products = Enumerable.Range(0, 4).Select(i => $"product-windows-p{i}").ToList();
        var users = Enumerable.Range(0, 6).Select(i => $"user-anomaly-u{i}").ToList();
        var timerKeys = Enumerable.Range(0, 8).Select(i => $"user/u{i}").ToList();
        var states = new Dictionary<string, StagedState>();
        var checkpoints = new Dictionary<string, object>();
        var timers = new Dictionary<string, DateTimeOffset>();
        var stamps = new Dictionary<string, List<OutputStamp>>();
        var store = _system.ActorOf(PartitionCheckpointEntity.Props(partition, compactionCheckpoints, deleteEvery));
        var epoch = (await store.Ask<PartitionOpened>(new OpenPartition(partition), Timeout)).Checkpoint.Epoch;
        var written = 1;
        var offset = 0L;
        for (var round = 0; round < 60; round++)
        {
            offset += 10;
            var changes = new List<StagedState>();
            foreach (var id in products.Concat(users).Where(_ => random.Next(3) == 0))
            {
                var stage = (states.GetValueOrDefault(id)?.Stage ?? 0) + 1;
                object payload = id.StartsWith("product", StringComparison.Ordinal)
                    ? new EntityCheckpoint<ProductWindowsState>(productStates[(int)Math.Min(stage - 1, productStates.Count - 1)] with { }, offset)
                    : new EntityCheckpoint<UserAnomalyState>(UserAnomalyState.Empty(id), offset);
                changes.Add(Staged(id, stage, payload, checkpoints.GetValueOrDefault(id)));
                checkpoints[id] = payload;
            }
            var timerChanges = timerKeys.Where(_ => random.Next(4) == 0)
                .Select(k => new TimerChange(k, random.Next(3) == 0 ? null : T0.AddSeconds(random.Next(1000)))).ToList();
            var saved = await store.Ask<PartitionCheckpointSaved>(new SavePartitionCheckpoint(partition, new PartitionCheckpoint(epoch, offset, null, []),
                [.. changes], [.. timerChanges]), Timeout);
            Assert.False(saved.Fenced);
            written++;
            foreach (var change in changes)
            {
                states[change.PersistenceId] = change;
                stamps.GetValueOrDefault(change.PersistenceId)?.RemoveAll(x => x.SupersededBy(change.Stage));
            }
            foreach (var change in timerChanges)
            {
                if (change.Time is { } time) timers[change.Key] = time;
                else timers.Remove(change.Key);
            }
            // Results answered since an entity's last stored state carry that state's stage.
            if (random.Next(2) == 0)
            {
                var id = users[random.Next(users.Count)];
                var stamp = new OutputStamp($"alert-{round}", T0.AddSeconds(round), states.GetValueOrDefault(id)?.Stage ?? 0);
                await store.Ask<StampsSaved>(new SaveStamps(partition, id, [stamp]), Timeout);
                written++;
                (stamps.TryGetValue(id, out var list) ? list : stamps[id] = []).Add(stamp);
            }
            if (round % 20 == 19)
            {
                await store.GracefulStop(Timeout);
                store = _system.ActorOf(PartitionCheckpointEntity.Props(partition, compactionCheckpoints, deleteEvery));
                epoch = (await store.Ask<PartitionOpened>(new OpenPartition(partition), Timeout)).Checkpoint.Epoch;
                written++;
            }
        }
        if (compactionCheckpoints < 10) await JournalShrinksToAsync(persistenceId, written / 2);
        await store.GracefulStop(Timeout);

        var restarted = _system.ActorOf(PartitionCheckpointEntity.Props(partition, compactionCheckpoints, deleteEvery));
        var reopened = (await restarted.Ask<PartitionOpened>(new OpenPartition(partition), Timeout)).Checkpoint;
        Assert.Equal(offset, reopened.Offset);
        Assert.Equal(timers, reopened.Timers.ToDictionary(t => t.Key, t => t.Time));
        foreach (var id in products.Concat(users))
        {
            var loaded = await restarted.Ask<EntityStateLoaded>(new LoadEntityState(partition, id), Timeout);
            Assert.Equal(stamps.GetValueOrDefault(id) ?? [], loaded.Stamps.IsDefault ? [] : [.. loaded.Stamps]);
            if (!states.TryGetValue(id, out var expected))
            {
                Assert.Null(loaded.State);
                continue;
            }
            Assert.Equal(expected.Stage, loaded.State!.Stage);
            switch (expected.Payload.Read())
            {
                case EntityCheckpoint<ProductWindowsState> product:
                    var actual = Assert.IsType<EntityCheckpoint<ProductWindowsState>>(loaded.State.Payload.Read());
                    Assert.Equal((product.State, product.AppliedOffset), (actual.State, actual.AppliedOffset));
                    break;
                case EntityCheckpoint<UserAnomalyState> user:
                    Assert.Equal(user.AppliedOffset, Assert.IsType<EntityCheckpoint<UserAnomalyState>>(loaded.State.Payload.Read()).AppliedOffset);
                    break;
            }
        }
    }

    [Fact]
    public async Task ACheckpointWrittenWhileOtherWritesAreInFlightDoesNotRewriteWhatTheyChange()
    {
        const string partition = "order_events-9";
        var store = _system.ActorOf(PartitionCheckpointEntity.Props(partition, 1, DeleteEvery));
        var epoch = (await store.Ask<PartitionOpened>(new OpenPartition(partition), Timeout)).Checkpoint.Epoch;
        StagedState Staged(string id, long stage, long offset) => StagedState.Of(id, stage, new EntityCheckpoint<UserAnomalyState>(UserAnomalyState.Empty(id), offset));
        var first = new OutputStamp("a1", T0, 1);
        await store.Ask<PartitionCheckpointSaved>(new SavePartitionCheckpoint(partition, new PartitionCheckpoint(epoch, 10, null, []),
            [Staged("user-anomaly-u1", 1, 10), Staged("user-anomaly-u2", 1, 10)], [new TimerChange("user/u1", T0)]), Timeout);
        await store.Ask<StampsSaved>(new SaveStamps(partition, "user-anomaly-u2", [first]), Timeout);

        // Every checkpoint rewrites the whole store: the second must not write back the states, timers and stamps the writes before it change.
        var stamp = new OutputStamp("a2", T0, 1);
        var writes = new Task[]
        {
            store.Ask<PartitionCheckpointSaved>(new SavePartitionCheckpoint(partition, new PartitionCheckpoint(epoch, 20, null, []),
                [Staged("user-anomaly-u1", 2, 20)], [new TimerChange("user/u1", T0.AddMinutes(1))]), Timeout),
            store.Ask<StampsSaved>(new SaveStamps(partition, "user-anomaly-u2", [stamp]), Timeout),
            store.Ask<PartitionCheckpointSaved>(new SavePartitionCheckpoint(partition, new PartitionCheckpoint(epoch, 30, null, []),
                [Staged("user-anomaly-u3", 1, 30)]), Timeout),
        };
        await Task.WhenAll(writes);

        await HoldsTheNewestWritesAsync(store);
        await store.GracefulStop(Timeout);
        await HoldsTheNewestWritesAsync(_system.ActorOf(PartitionCheckpointEntity.Props(partition, 1, DeleteEvery)));

        async Task HoldsTheNewestWritesAsync(IActorRef current)
        {
            var u1 = await current.Ask<EntityStateLoaded>(new LoadEntityState(partition, "user-anomaly-u1"), Timeout);
            var u2 = await current.Ask<EntityStateLoaded>(new LoadEntityState(partition, "user-anomaly-u2"), Timeout);
            var view = await current.Ask<PartitionCheckpointView>(new GetPartitionCheckpoint(partition), Timeout);
            Assert.Equal((2L, 20L), (u1.State!.Stage, ((EntityCheckpoint<UserAnomalyState>)u1.State.Payload.Read()).AppliedOffset));
            Assert.Equal([first, stamp], u2.Stamps.ToArray());
            Assert.Equal(T0.AddMinutes(1), Assert.Single(view.Checkpoint.Timers).Time);
        }
    }

    [Fact]
    public async Task AnEventOfAnEarlierVersionListingEveryTimerIsReadAsTheWholeSet()
    {
        const string partition = "order_events-1";
        var old = new PartitionCheckpoint(1, 10, null, [new TimerEntry("user/a", T0), new TimerEntry("user/b", T0.AddMinutes(1))]);
        var oldEvent = new PartitionCheckpointed(old, []);
        var writer = _system.ActorOf(Props.Create(() => new JournalWriter("partition-checkpoint-" + partition, oldEvent)));
        await writer.Ask<string>("written", Timeout);
        await writer.GracefulStop(Timeout);

        var store = _system.ActorOf(PartitionCheckpointEntity.Props(partition, 1000, DeleteEvery));
        var epoch = (await store.Ask<PartitionOpened>(new OpenPartition(partition), Timeout)).Checkpoint.Epoch;
        await store.Ask<PartitionCheckpointSaved>(new SavePartitionCheckpoint(partition, new PartitionCheckpoint(epoch, 20, null, []), [],
            [new TimerChange("user/b", null), new TimerChange("user/c", T0.AddMinutes(2))]), Timeout);
        var view = await store.Ask<PartitionCheckpointView>(new GetPartitionCheckpoint(partition), Timeout);

        Assert.Equal(new Dictionary<string, DateTimeOffset> { ["user/a"] = T0, ["user/c"] = T0.AddMinutes(2) },
            view.Checkpoint.Timers.ToDictionary(t => t.Key, t => t.Time));
    }

    [Fact]
    public async Task WhileACheckpointIsWrittenALoadOfAnEntityItCarriesGetsTheWrittenStateAndOthersAnswerAtOnce()
    {
        var partition = "product_analytics-3";
        var store = _system.ActorOf(PartitionCheckpointEntity.Props(partition, 1000, DeleteEvery));
        var epoch = (await store.Ask<PartitionOpened>(new OpenPartition(partition), Timeout)).Checkpoint.Epoch;
        var states = States().Take(2).ToList();
        await store.Ask<PartitionCheckpointSaved>(new SavePartitionCheckpoint(partition, new PartitionCheckpoint(epoch, 10, null, []),
            [StagedState.Of(Entity, 1, new EntityCheckpoint<ProductWindowsState>(states[0], 10))]), Timeout);

        // The save and the loads reach the store together: the loads are handled while the write is in flight.
        var saved = store.Ask<PartitionCheckpointSaved>(new SavePartitionCheckpoint(partition, new PartitionCheckpoint(epoch, 20, null, []),
            [StagedState.Of(Entity, 2, new EntityCheckpoint<ProductWindowsState>(states[1], 20))]), Timeout);
        var carried = store.Ask<EntityStateLoaded>(new LoadEntityState(partition, Entity), Timeout);
        var other = store.Ask<EntityStateLoaded>(new LoadEntityState(partition, "product-windows-p2"), Timeout);
        // A new processor opening meanwhile resumes from the checkpoint being written, not the one before.
        var opened = store.Ask<PartitionOpened>(new OpenPartition(partition), Timeout);

        Assert.Null((await other).State);
        var loaded = Assert.IsType<EntityCheckpoint<ProductWindowsState>>((await carried).State!.Payload.Read());
        Assert.Equal((states[1], 20L), (loaded.State, loaded.AppliedOffset));
        Assert.False((await saved).Fenced);
        Assert.Equal((epoch + 1, 20L), ((await opened).Checkpoint.Epoch, (await opened).Checkpoint.Offset));
    }

    [Fact]
    public async Task ASnapshotOfAnEarlierVersionIsReadAndDeletedBeforeTheEventsAfterIt()
    {
        const string partition = "order_events-8";
        var persistenceId = "partition-checkpoint-" + partition;
        var state = StagedState.Of("user-anomaly-u1", 1, new EntityCheckpoint<UserAnomalyState>(UserAnomalyState.Empty("u1"), 10));
        var snapshot = new PartitionStateSnapshot(new PartitionCheckpoint(1, 10, null, [new TimerEntry("user/a", T0), new TimerEntry("user/b", T0)]), [state], []);
        var earlier = new PartitionCheckpointed(snapshot.Checkpoint, [state]);
        var writer = _system.ActorOf(Props.Create(() => new JournalWriter(persistenceId, earlier, snapshot)));
        await writer.Ask<string>("written", Timeout);
        await writer.GracefulStop(Timeout);

        var store = _system.ActorOf(PartitionCheckpointEntity.Props(partition, 1, DeleteEvery));
        var epoch = (await store.Ask<PartitionOpened>(new OpenPartition(partition), Timeout)).Checkpoint.Epoch;
        Assert.Equal(10, (await store.Ask<EntityStateLoaded>(new LoadEntityState(partition, state.PersistenceId), Timeout)).State!.Stage * 10);
        // The timer removed after the snapshot must stay removed once the events before its removal are gone.
        await store.Ask<PartitionCheckpointSaved>(new SavePartitionCheckpoint(partition, new PartitionCheckpoint(epoch, 20, null, []), [], [new TimerChange("user/b", null)]), Timeout);
        for (var offset = 30; offset <= 60; offset += 10)
            await store.Ask<PartitionCheckpointSaved>(new SavePartitionCheckpoint(partition, new PartitionCheckpoint(epoch, offset, null, []), []), Timeout);
        await JournalShrinksToAsync(persistenceId, 2);
        await store.GracefulStop(Timeout);

        var restarted = _system.ActorOf(PartitionCheckpointEntity.Props(partition, 1, DeleteEvery));
        var reopened = (await restarted.Ask<PartitionOpened>(new OpenPartition(partition), Timeout)).Checkpoint;
        Assert.Equal(["user/a"], reopened.Timers.Select(t => t.Key));
        Assert.Equal(1, (await restarted.Ask<EntityStateLoaded>(new LoadEntityState(partition, state.PersistenceId), Timeout)).State!.Stage);
        Assert.Equal(60, reopened.Offset);
    }

    /// <summary>Persists one event under a persistence id (and a snapshot after it), as an earlier version of the store would have.</summary>
    private sealed class JournalWriter : Akka.Persistence.ReceivePersistentActor
    {
        public JournalWriter(string persistenceId, object @event, object? snapshot = null)
        {
            PersistenceId = persistenceId;
            IActorRef? asked = null;
            Command<string>(_ =>
            {
                asked = Sender;
                Persist(@event, _ =>
                {
                    if (snapshot is null) asked.Tell("written");
                    else SaveSnapshot(snapshot);
                });
            });
            Command<Akka.Persistence.SaveSnapshotSuccess>(_ => asked?.Tell("written"));
        }

        public override string PersistenceId { get; }
    }

    /// <summary>Successive states of one product: panes added and updated, then the oldest ones closed and dropped.</summary>
    private static IEnumerable<ProductWindowsState> States()
    {
        var state = ProductWindowsState.Empty("p1");
        var watermark = T0;
        for (var i = 0; i < 30; i++)
        {
            var time = T0.AddSeconds(37 * i);
            var activity = new ProductActivity($"e{i}", "p1", time, i % 3 == 0 ? ProductAction.Purchase : ProductAction.View, $"u{i % 7}", 1, 2.5m, "shoes", null);
            state = ProductWindowsLogic.Apply(state, activity, watermark, Options).State;
            yield return state;
            watermark = time.AddSeconds(-5);
        }

        yield return ProductWindowsLogic.Close(state, T0.AddMinutes(17), Options).State;
    }
}
