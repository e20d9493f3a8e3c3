using System.Collections.Immutable;
using Akka.Actor;
using Streaming.Actors.Entities;
using Streaming.Actors.Products;
using Streaming.Streams.Contracts;

namespace Streaming.Actors.Tests.Entities;

/// <summary>
/// A partition checkpoint actor stores product window states as deltas against the state it stored
/// before; after a restart (journal replay, with and without a snapshot in between) every entity
/// loads exactly the last state it stored.
/// </summary>
public sealed class PartitionCheckpointEntityTests : IAsyncLifetime
{
    private const string Partition = "product_analytics-0";
    private const string Entity = "product-windows-p1";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PopularityOptions Options = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), 3);
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        _system = InMemoryPersistence.CreateSystem("partition-checkpoint-tests");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.Terminate();

    [Theory]
    [InlineData(1000)] // replay of whole states and deltas only
    [InlineData(2)] // a snapshot, then deltas against it
    public async Task AfterARestartTheLastStoredStateLoadsWhole(int snapshotEvery)
    {
        var store = _system.ActorOf(PartitionCheckpointEntity.Props(Partition, snapshotEvery));
        var epoch = (await store.Ask<PartitionOpened>(new OpenPartition(Partition), Timeout)).Checkpoint.Epoch;
        var states = States().ToList();
        var offset = 0L;
        foreach (var state in states)
        {
            offset += 10;
            var staged = new StagedState(Entity, offset / 10, new EntityCheckpoint<ProductWindowsState>(state, offset));
            var saved = await store.Ask<PartitionCheckpointSaved>(
                new SavePartitionCheckpoint(Partition, new PartitionCheckpoint(epoch, offset, null, []), [staged]), Timeout);
            Assert.False(saved.Fenced);
        }

        // Snapshots are serialized off the actor's thread and saved after: the restart must find one.
        if (snapshotEvery < states.Count) await SnapshotStoredAsync("partition-checkpoint-" + Partition);
        await store.GracefulStop(Timeout);
        var restarted = _system.ActorOf(PartitionCheckpointEntity.Props(Partition, snapshotEvery));
        var loaded = await restarted.Ask<EntityStateLoaded>(new LoadEntityState(Partition, Entity), Timeout);

        var checkpoint = Assert.IsType<EntityCheckpoint<ProductWindowsState>>(loaded.State!.Payload);
        Assert.Equal(states[^1], checkpoint.State);
        Assert.Equal(offset, checkpoint.AppliedOffset);
        Assert.Equal(offset / 10, loaded.State.Stage);
    }

    /// <summary>Waits until the snapshot store holds a snapshot of <paramref name="persistenceId"/>.</summary>
    private async Task SnapshotStoredAsync(string persistenceId)
    {
        var snapshots = Akka.Persistence.Persistence.Instance.Apply(_system).SnapshotStoreFor(null);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await snapshots.Ask<Akka.Persistence.LoadSnapshotResult>(
                   new Akka.Persistence.LoadSnapshot(persistenceId, Akka.Persistence.SnapshotSelectionCriteria.Latest, long.MaxValue), Timeout)).Snapshot is null)
        {
            Assert.True(waited.Elapsed < Timeout, $"no snapshot of {persistenceId} was stored");
            await Task.Delay(20);
        }
    }

    [Theory]
    [InlineData(1000)] // replay of the timer changes only
    [InlineData(2)] // a snapshot (all timers), then changes against it
    public async Task ACheckpointStoresOnlyTheTimersThatChangedAndARestartHasThemAll(int snapshotEvery)
    {
        const string partition = "order_events-0";
        var store = _system.ActorOf(PartitionCheckpointEntity.Props(partition, snapshotEvery));
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
        var restarted = _system.ActorOf(PartitionCheckpointEntity.Props(partition, snapshotEvery));
        var reopened = (await restarted.Ask<PartitionOpened>(new OpenPartition(partition), Timeout)).Checkpoint;

        Assert.Equal(expected, live.Checkpoint.Timers.ToDictionary(t => t.Key, t => t.Time));
        Assert.Equal(expected, reopened.Timers.ToDictionary(t => t.Key, t => t.Time));
        Assert.Equal(offset, reopened.Offset);
        Assert.Equal(epoch + 1, reopened.Epoch);
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

        var store = _system.ActorOf(PartitionCheckpointEntity.Props(partition, 1000));
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
        var store = _system.ActorOf(PartitionCheckpointEntity.Props(partition, 1000));
        var epoch = (await store.Ask<PartitionOpened>(new OpenPartition(partition), Timeout)).Checkpoint.Epoch;
        var states = States().Take(2).ToList();
        await store.Ask<PartitionCheckpointSaved>(new SavePartitionCheckpoint(partition, new PartitionCheckpoint(epoch, 10, null, []),
            [new StagedState(Entity, 1, new EntityCheckpoint<ProductWindowsState>(states[0], 10))]), Timeout);

        // The save and the loads reach the store together: the loads are handled while the write is in flight.
        var saved = store.Ask<PartitionCheckpointSaved>(new SavePartitionCheckpoint(partition, new PartitionCheckpoint(epoch, 20, null, []),
            [new StagedState(Entity, 2, new EntityCheckpoint<ProductWindowsState>(states[1], 20))]), Timeout);
        var carried = store.Ask<EntityStateLoaded>(new LoadEntityState(partition, Entity), Timeout);
        var other = store.Ask<EntityStateLoaded>(new LoadEntityState(partition, "product-windows-p2"), Timeout);
        // A new processor opening meanwhile resumes from the checkpoint being written, not the one before.
        var opened = store.Ask<PartitionOpened>(new OpenPartition(partition), Timeout);

        Assert.Null((await other).State);
        var loaded = Assert.IsType<EntityCheckpoint<ProductWindowsState>>((await carried).State!.Payload);
        Assert.Equal((states[1], 20L), (loaded.State, loaded.AppliedOffset));
        Assert.False((await saved).Fenced);
        Assert.Equal((epoch + 1, 20L), ((await opened).Checkpoint.Epoch, (await opened).Checkpoint.Offset));
    }

    /// <summary>Persists one event under a persistence id, as an earlier version of the store would have.</summary>
    private sealed class JournalWriter : Akka.Persistence.ReceivePersistentActor
    {
        public JournalWriter(string persistenceId, object @event)
        {
            PersistenceId = persistenceId;
            Command<string>(_ =>
            {
                var sender = Sender;
                Persist(@event, _ => sender.Tell("written"));
            });
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
