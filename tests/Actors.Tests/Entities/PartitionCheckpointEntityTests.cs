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

        await store.GracefulStop(Timeout);
        var restarted = _system.ActorOf(PartitionCheckpointEntity.Props(Partition, snapshotEvery));
        var loaded = await restarted.Ask<EntityStateLoaded>(new LoadEntityState(Partition, Entity), Timeout);

        var checkpoint = Assert.IsType<EntityCheckpoint<ProductWindowsState>>(loaded.State!.Payload);
        Assert.Equal(states[^1], checkpoint.State);
        Assert.Equal(offset, checkpoint.AppliedOffset);
        Assert.Equal(offset / 10, loaded.State.Stage);
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
