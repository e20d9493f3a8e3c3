using Akka.Actor;
using Streaming.Actors.Entities;
using Streaming.Actors.Products;
using Streaming.Streams.Contracts;

namespace Streaming.Actors.Tests.Entities;

/// <summary>
/// An entity whose state has deltas stages each checkpoint whole and as the change since its checkpoint before
/// (stored or only staged), serialized: the delta applied to that checkpoint gives the whole one.
/// </summary>
public sealed class StagedDeltaTests : IAsyncLifetime
{
    private const string Partition = "product_analytics-0";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        _system = InMemoryPersistence.CreateSystem("staged-delta-tests");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.Terminate();

    [Fact]
    public async Task EachCheckpointCarriesTheChangeSinceTheOneBeforeWhetherThatWasConfirmedOrOnlyStaged()
    {
        var store = _system.ActorOf(PartitionCheckpointEntity.Props(Partition, 1000));
        var epoch = (await store.Ask<PartitionOpened>(new OpenPartition(Partition), Timeout)).Checkpoint.Epoch;
        var entity = _system.ActorOf(ProductWindowsEntity.Props("p1", new PopularityOptions(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), 3), store));
        var offset = 0L;

        async Task<StagedState> ApplyAndStageAsync(int minute)
        {
            offset++;
            var activity = new ProductActivity($"e{offset}", "p1", T0.AddMinutes(minute), ProductAction.View, $"u{offset}", 1, null, "shoes", null);
            await entity.Ask<InputsApplied<ProductPopularity>>(
                new ApplyInputs<ProductActivity>("p1", epoch, -1, [new KeyedInput<ProductActivity>(offset, activity, T0)], Partition), Timeout);
            var staged = await entity.Ask<EntityCheckpointed>(new CheckpointEntity("p1", epoch, Partition), Timeout);
            return staged.State!;
        }

        var first = await ApplyAndStageAsync(0);
        entity.Tell(new CheckpointConfirmed("p1", epoch, first.Stage));
        var second = await ApplyAndStageAsync(1);
        // Not confirmed: the next delta is against this staged one.
        var third = await ApplyAndStageAsync(2);

        Assert.Equal((1L, 2L, 3L), (first.Stage, second.Stage, third.Stage));
        foreach (var (before, after) in new[] { (first, second), (second, third) })
        {
            var delta = after.Delta!;
            Assert.Equal(before.Stage, delta.FromStage);
            Assert.True(StateDeltas.IsDelta(delta.Payload));
            var rebuilt = (EntityCheckpoint<ProductWindowsState>)StateDeltas.Apply(before.Payload, delta.Payload).Read();
            var whole = (EntityCheckpoint<ProductWindowsState>)after.Payload.Read();
            Assert.Equal((whole.State, whole.AppliedOffset), (rebuilt.State, rebuilt.AppliedOffset));
        }
    }
}
