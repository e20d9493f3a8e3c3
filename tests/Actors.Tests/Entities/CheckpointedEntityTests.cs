using Akka.Actor;
using Akka.Configuration;
using Streaming.Actors.Entities;
using Streaming.Actors.Journal;
using Streaming.Actors.Orders;
using Streaming.Streams.Contracts;

namespace Streaming.Actors.Tests.Entities;

/// <summary>
/// The effectively-once protocol of <see cref="CheckpointedEntity{TState, TInput, TOutput}"/>, through
/// <see cref="UserAnomalyEntity"/> on an in-memory journal: fencing, state-loss detection, revert to
/// the durable checkpoint, offset skip, durable detected_at stamps, and checkpoints written through
/// the <see cref="JournalWriter"/> on the entity's behalf.
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

    private IActorRef Entity(string userId, int compactEvery = 20) =>
        _system.ActorOf(UserAnomalyEntity.Props(userId, AnomalyOptions.Default, 10, compactEvery, TimeSpan.FromMinutes(5)));

    /// <summary>What a processor does at a checkpoint: stage, write through the journal writer, confirm.</summary>
    private async Task<EntityCheckpointed> CheckpointAsync(IActorRef entity, string userId, long epoch, bool confirm = true)
    {
        var staged = await entity.Ask<EntityCheckpointed>(new CheckpointEntity(userId, epoch), Timeout);
        if (!confirm || staged.Write is not { } write) return staged;
        var written = await JournalWriters.For(_system).Ask<JournalWritten>(new WriteToJournal([write]), Timeout);
        Assert.Null(written.Error);
        entity.Tell(new CheckpointConfirmed(userId, epoch, write.SequenceNr));
        return staged;
    }

    private static async Task<EntityStatus> StatusAsync(IActorRef entity, string userId, long epoch, long assumedApplied) =>
        (await entity.Ask<TimersFired<AnomalyAlert>>(new FireTimers(userId, epoch, assumedApplied, DateTimeOffset.MinValue), Timeout)).Status;

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
        var saved = await CheckpointAsync(restarted, "u1", 3);
        Assert.Equal((EntityStatus.Ok, 10L), (saved.Status, saved.AppliedOffset));
        Assert.NotNull(saved.Write);
        var skipped = await restarted.Ask<InputsApplied<AnomalyAlert>>(Apply(4, -1, 10, Whale), Timeout);
        Assert.Empty(skipped.Outputs);
    }

    [Fact]
    public async Task A_confirmed_checkpoint_survives_a_restart_and_compaction_and_an_unconfirmed_one_is_dropped()
    {
        var entity = Entity("u3", compactEvery: 1);
        var small = Whale with { UserId = "u3", OrderId = "o-small", EventId = "small-1", TotalAmount = 10m };
        Assert.Equal(EntityStatus.Ok, (await entity.Ask<InputsApplied<AnomalyAlert>>(Apply(1, -1, 5, small), Timeout)).Status);
        await CheckpointAsync(entity, "u3", 1);
        Assert.Equal(EntityStatus.Ok, (await entity.Ask<InputsApplied<AnomalyAlert>>(Apply(1, 5, 6, small with { EventId = "small-2" }), Timeout)).Status);
        await CheckpointAsync(entity, "u3", 1);

        // Staged but never written (the processor died before its journal write): a new processor's epoch drops it.
        Assert.Equal(EntityStatus.Ok, (await entity.Ask<InputsApplied<AnomalyAlert>>(Apply(1, 6, 7, small with { EventId = "small-3" }), Timeout)).Status);
        Assert.NotNull((await CheckpointAsync(entity, "u3", 1, confirm: false)).Write);
        Assert.Equal(EntityStatus.StateLost, await StatusAsync(entity, "u3", 2, 7));

        // After a restart the entity recovers the last confirmed checkpoint (offset 6), though older ones were deleted.
        await entity.GracefulStop(Timeout);
        var restarted = Entity("u3", compactEvery: 1);
        Assert.Equal(EntityStatus.Ok, await StatusAsync(restarted, "u3", 3, 6));
        Assert.Equal(EntityStatus.StateLost, await StatusAsync(restarted, "u3", 3, 7));

        // Nothing changed since: nothing to write.
        Assert.Null((await CheckpointAsync(restarted, "u3", 3)).Write);
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
