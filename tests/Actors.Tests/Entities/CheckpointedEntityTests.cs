using Akka.Actor;
using Akka.Configuration;
using Streaming.Actors.Entities;
using Streaming.Actors.Orders;
using Streaming.Streams.Contracts;

namespace Streaming.Actors.Tests.Entities;

/// <summary>
/// The effectively-once protocol of <see cref="CheckpointedEntity{TState, TInput, TOutput}"/>, through
/// <see cref="UserAnomalyEntity"/> on an in-memory journal: fencing, state-loss detection, revert to
/// the durable checkpoint, offset skip, and durable detected_at stamps.
/// </summary>
public sealed class CheckpointedEntityTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly OrderActivity Whale = new("whale-1", "o1", "u1", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), OrderStatus.Created, 6_000_000m, null);
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("entity-tests", ConfigurationFactory.ParseString("""
            akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            akka.loglevel = WARNING
            """));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.Terminate();

    private IActorRef Entity(string userId) => _system.ActorOf(UserAnomalyEntity.Props(userId, AnomalyOptions.Default, 10, 20, TimeSpan.FromMinutes(5)));

    private static ApplyInputs<OrderActivity> Apply(long epoch, long assumed, long offset, OrderActivity activity) =>
        new(activity.UserId, epoch, assumed, [new KeyedInput<OrderActivity>(offset, activity, DateTimeOffset.MinValue)]);

    [Fact]
    public async Task A_replayed_alert_keeps_the_detected_at_of_its_first_publication()
    {
        var entity = Entity("u1");
        var first = await entity.Ask<InputsApplied<AnomalyAlert>>(Apply(1, -1, 10, Whale), Timeout);
        var alert = Assert.Single(first.Outputs);
        await Task.Delay(30);

        // A new processor (epoch 2) replays from its checkpoint: the entity goes back to its durable state and re-detects.
        var replay = await entity.Ask<InputsApplied<AnomalyAlert>>(Apply(2, -1, 10, Whale), Timeout);
        Assert.Equal(EntityStatus.Ok, replay.Status);
        Assert.Equal(alert, Assert.Single(replay.Outputs));

        // Even after the entity itself restarted (the stamp is in the journal).
        await entity.GracefulStop(Timeout);
        var restarted = Entity("u1");
        var again = await restarted.Ask<InputsApplied<AnomalyAlert>>(Apply(3, -1, 10, Whale), Timeout);
        Assert.Equal(alert.DetectedAt.ToUnixTimeMilliseconds(), Assert.Single(again.Outputs).DetectedAt.ToUnixTimeMilliseconds());
        Assert.Equal(alert.AlertId, again.Outputs[0].AlertId);

        // Once checkpointed, the input is skipped on replay: nothing is re-detected.
        var saved = await restarted.Ask<EntityCheckpointed>(new CheckpointEntity("u1", 3), Timeout);
        Assert.Equal((EntityStatus.Ok, 10L), (saved.Status, saved.AppliedOffset));
        var skipped = await restarted.Ask<InputsApplied<AnomalyAlert>>(Apply(4, -1, 10, Whale), Timeout);
        Assert.Empty(skipped.Outputs);
    }

    [Fact]
    public async Task An_older_processor_is_fenced_and_lost_state_is_reported()
    {
        var entity = Entity("u2");
        var whale = Whale with { UserId = "u2" };
        Assert.Equal(EntityStatus.Ok, (await entity.Ask<InputsApplied<AnomalyAlert>>(Apply(5, -1, 1, whale), Timeout)).Status);
        Assert.Equal(EntityStatus.Fenced, (await entity.Ask<InputsApplied<AnomalyAlert>>(Apply(4, -1, 2, whale), Timeout)).Status);
        Assert.Equal(EntityStatus.Fenced, (await entity.Ask<EntityCheckpointed>(new CheckpointEntity("u2", 4), Timeout)).Status);

        // The processor believes offset 7 was applied, but the entity has only 1: it lost unpersisted changes.
        Assert.Equal(EntityStatus.StateLost, (await entity.Ask<TimersFired<AnomalyAlert>>(new FireTimers("u2", 5, 7, DateTimeOffset.MaxValue), Timeout)).Status);
    }
}
