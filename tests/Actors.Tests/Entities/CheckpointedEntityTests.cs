using Akka.Actor;
using Streaming.Actors.Entities;
using Streaming.Actors.Orders;
using Streaming.Streams.Contracts;

namespace Streaming.Actors.Tests.Entities;

/// <summary>
/// The effectively-once protocol of <see cref="CheckpointedEntity{TState, TInput, TOutput}"/>, through
/// <see cref="UserAnomalyEntity"/> and its partition's <see cref="PartitionCheckpointEntity"/> on an
/// in-memory journal: fencing, state-loss detection, revert to the stored checkpoint, offset skip,
/// durable detected_at stamps, and state loaded from the partition's checkpoint when the entity starts.
/// </summary>
public sealed class CheckpointedEntityTests : IAsyncLifetime
{
    private const string Partition = "order_events-0";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly OrderActivity Whale = new("whale-1", "o1", "u1", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), OrderStatus.Created, 6_000_000m, null);
    private ActorSystem _system = null!;
    private IActorRef _store = null!;

    public Task InitializeAsync()
    {
        _system = InMemoryPersistence.CreateSystem("entity-tests");
        _store = Store();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.Terminate();

    private IActorRef Store() => _system.ActorOf(PartitionCheckpointEntity.Props(Partition, 2));

    private IActorRef Entity(string userId) =>
        _system.ActorOf(UserAnomalyEntity.Props(userId, AnomalyOptions.Default, 10, _store));

    private async Task<long> OpenAsync() => (await _store.Ask<PartitionOpened>(new OpenPartition(Partition), Timeout)).Checkpoint.Epoch;

    /// <summary>What a processor does at a checkpoint: stage, store with the partition's checkpoint, confirm.</summary>
    private async Task<EntityCheckpointed> CheckpointAsync(IActorRef entity, string userId, long epoch, long offset, bool confirm = true)
    {
        var staged = await entity.Ask<EntityCheckpointed>(new CheckpointEntity(userId, epoch, Partition), Timeout);
        if (!confirm) return staged;
        var saved = await _store.Ask<PartitionCheckpointSaved>(
            new SavePartitionCheckpoint(Partition, new PartitionCheckpoint(epoch, offset, null, []), staged.State is { } s ? [s] : []), Timeout);
        Assert.False(saved.Fenced);
        if (staged.State is { } state) entity.Tell(new CheckpointConfirmed(userId, epoch, state.Stage));
        return staged;
    }

    private static async Task<EntityStatus> StatusAsync(IActorRef entity, string userId, long epoch, long assumedApplied) =>
        (await entity.Ask<TimersFired<AnomalyAlert>>(new FireTimers(userId, epoch, assumedApplied, DateTimeOffset.MinValue, Partition), Timeout)).Status;

    private static ApplyInputs<OrderActivity> Apply(long epoch, long assumed, long offset, OrderActivity activity) =>
        new(activity.UserId, epoch, assumed, [new KeyedInput<OrderActivity>(offset, activity, DateTimeOffset.MinValue)], Partition);

    private static async Task<EntityStatus> AppliedAsync(IActorRef entity, long epoch, long assumed, long offset, OrderActivity activity) =>
        (await entity.Ask<InputsApplied<AnomalyAlert>>(Apply(epoch, assumed, offset, activity), Timeout)).Status;

    /// <summary>A user's entity whose state after a small order at offset 5 is stored and confirmed.</summary>
    private async Task<(long Epoch, IActorRef Entity, OrderActivity Small)> StoredAtFiveAsync(string userId)
    {
        var epoch = await OpenAsync();
        var entity = Entity(userId);
        var small = Small(userId);
        Assert.Equal(EntityStatus.Ok, await AppliedAsync(entity, epoch, -1, 5, small));
        await CheckpointAsync(entity, userId, epoch, 5);
        return (epoch, entity, small);
    }

    /// <summary>An order of a user far below every threshold: it changes the user's state and raises nothing.</summary>
    private static OrderActivity Small(string userId) =>
        Whale with { UserId = userId, OrderId = "o-small", EventId = "small-1", TotalAmount = 10m };

    [Fact]
    public async Task A_replayed_alert_keeps_the_detected_at_of_its_first_publication()
    {
        var epoch = await OpenAsync();
        var entity = Entity("u1");
        var first = await entity.Ask<InputsApplied<AnomalyAlert>>(Apply(epoch, -1, 10, Whale), Timeout);
        var alert = Assert.Single(first.Outputs);
        await Task.Delay(30);

        // A new processor (a newer epoch) replays from its checkpoint: the entity goes back to its stored state and re-detects.
        var replay = await entity.Ask<InputsApplied<AnomalyAlert>>(Apply(await OpenAsync(), -1, 10, Whale), Timeout);
        Assert.Equal(EntityStatus.Ok, replay.Status);
        Assert.Equal(alert, Assert.Single(replay.Outputs));

        // Even after the entity itself restarted (the stamp is in the partition's checkpoint).
        await entity.GracefulStop(Timeout);
        var restarted = Entity("u1");
        var third = await OpenAsync();
        var again = await restarted.Ask<InputsApplied<AnomalyAlert>>(Apply(third, -1, 10, Whale), Timeout);
        Assert.Equal(alert.DetectedAt.ToUnixTimeMilliseconds(), Assert.Single(again.Outputs).DetectedAt.ToUnixTimeMilliseconds());
        Assert.Equal(alert.AlertId, again.Outputs[0].AlertId);

        // Once checkpointed, the input is skipped on replay: nothing is re-detected.
        var saved = await CheckpointAsync(restarted, "u1", third, 10);
        Assert.Equal((EntityStatus.Ok, 10L), (saved.Status, saved.AppliedOffset));
        Assert.NotNull(saved.State);
        var skipped = await restarted.Ask<InputsApplied<AnomalyAlert>>(Apply(await OpenAsync(), -1, 10, Whale), Timeout);
        Assert.Empty(skipped.Outputs);
    }

    [Fact]
    public async Task A_stored_state_survives_a_restart_of_the_entity_and_of_the_store_and_an_unstored_one_is_dropped()
    {
        var (epoch, entity, small) = await StoredAtFiveAsync("u3");
        Assert.Equal(EntityStatus.Ok, await AppliedAsync(entity, epoch, 5, 6, small with { EventId = "small-2" }));
        await CheckpointAsync(entity, "u3", epoch, 6);

        // Staged but never stored (the processor died before its checkpoint): a new processor's epoch drops it.
        Assert.Equal(EntityStatus.Ok, await AppliedAsync(entity, epoch, 6, 7, small with { EventId = "small-3" }));
        Assert.NotNull((await CheckpointAsync(entity, "u3", epoch, 7, confirm: false)).State);
        Assert.Equal(EntityStatus.StateLost, await StatusAsync(entity, "u3", await OpenAsync(), 7));

        // The store itself restarts (recovering from its events and snapshots); then the entity: it loads offset 6.
        await _store.GracefulStop(Timeout);
        _store = Store();
        await entity.GracefulStop(Timeout);
        var restarted = Entity("u3");
        var last = await OpenAsync();
        Assert.Equal(EntityStatus.Ok, await StatusAsync(restarted, "u3", last, 6));
        Assert.Equal(EntityStatus.StateLost, await StatusAsync(restarted, "u3", last, 7));

        // Nothing changed since: nothing to store.
        Assert.Null((await CheckpointAsync(restarted, "u3", last, 7)).State);
    }

    [Fact]
    public async Task An_entity_that_was_stopped_answers_a_live_query_with_its_stored_state()
    {
        const string partition = "user_events-0";
        var store = _system.ActorOf(PartitionCheckpointEntity.Props(partition, 2));
        var options = new Streaming.Actors.Sessions.SessionOptions(TimeSpan.FromMinutes(5));
        IActorRef Sessions() => _system.ActorOf(UserSessionEntity.Props("s1", options, store));
        var epoch = (await store.Ask<PartitionOpened>(new OpenPartition(partition), Timeout)).Checkpoint.Epoch;
        var entity = Sessions();
        var click = new Streaming.Actors.Sessions.SessionEvent("e1", "s1", Whale.Time, "page_view", "/home", "ios");
        var applied = await entity.Ask<InputsApplied<Streaming.Actors.Sessions.UserSession>>(
            new ApplyInputs<Streaming.Actors.Sessions.SessionEvent>("s1", epoch, -1, [new KeyedInput<Streaming.Actors.Sessions.SessionEvent>(3, click, DateTimeOffset.MinValue)], partition), Timeout);
        Assert.Equal(EntityStatus.Ok, applied.Status);
        var staged = await entity.Ask<EntityCheckpointed>(new CheckpointEntity("s1", epoch, partition), Timeout);
        await store.Ask<PartitionCheckpointSaved>(new SavePartitionCheckpoint(partition, new PartitionCheckpoint(epoch, 3, null, []), [staged.State!]), Timeout);
        var before = await entity.Ask<UserSessionView>(new GetUserSession("s1", partition), Timeout);
        await entity.GracefulStop(Timeout);

        // Not in memory any more (as after passivation): the query names the partition, the entity loads and answers.
        var after = await Sessions().Ask<UserSessionView>(new GetUserSession("s1", partition), Timeout);
        var open = Assert.Single(before.Open);
        Assert.Equal((1, 1), (open.EventCount, open.PageViews));
        var loaded = Assert.Single(after.Open);
        Assert.Equal((open.SessionId, open.EventCount, open.PageViews, open.SessionStart), (loaded.SessionId, loaded.EventCount, loaded.PageViews, loaded.SessionStart));
    }

    [Fact]
    public async Task A_checkpoint_stored_but_never_confirmed_is_where_the_entity_resumes_under_a_new_processor()
    {
        var (epoch, entity, small) = await StoredAtFiveAsync("u4");
        Assert.Equal(EntityStatus.Ok, await AppliedAsync(entity, epoch, 5, 7, small with { EventId = "small-2" }));

        // The write lands, but the processor is gone before it tells the entity.
        var staged = await CheckpointAsync(entity, "u4", epoch, 7, confirm: false);
        Assert.False((await _store.Ask<PartitionCheckpointSaved>(
            new SavePartitionCheckpoint(Partition, new PartitionCheckpoint(epoch, 7, null, []), [staged.State!]), Timeout)).Fenced);

        // The new processor resumes after offset 7, so the entity must hold offset 7, not its last confirmed 5.
        var next = await OpenAsync();
        Assert.Equal(EntityStatus.Ok, await StatusAsync(entity, "u4", next, 7));
        Assert.Null((await CheckpointAsync(entity, "u4", next, 7)).State);
    }

    [Fact]
    public async Task An_alert_answered_while_its_entity_checkpoint_was_written_keeps_its_detected_at_on_replay()
    {
        var epoch = await OpenAsync();
        var entity = Entity("u5");
        var small = Small("u5");
        var whale = Whale with { UserId = "u5" };
        Assert.Equal(EntityStatus.Ok, await AppliedAsync(entity, epoch, -1, 5, small));
        var staged = await CheckpointAsync(entity, "u5", epoch, 5, confirm: false);

        // The processor goes on while the checkpoint at offset 5 is written: the whale's alert is stamped
        // (the stamp reaches the store first), then the checkpoint lands and is confirmed.
        var alert = Assert.Single((await entity.Ask<InputsApplied<AnomalyAlert>>(Apply(epoch, 5, 6, whale), Timeout)).Outputs);
        Assert.False((await _store.Ask<PartitionCheckpointSaved>(
            new SavePartitionCheckpoint(Partition, new PartitionCheckpoint(epoch, 5, null, []), [staged.State!]), Timeout)).Fenced);
        entity.Tell(new CheckpointConfirmed("u5", epoch, staged.State!.Stage));
        await Task.Delay(30);

        // A new processor replays from offset 5: the whale is applied again, in the same entity and in a restarted one.
        var replay = await entity.Ask<InputsApplied<AnomalyAlert>>(Apply(await OpenAsync(), -1, 6, whale), Timeout);
        Assert.Equal(alert, Assert.Single(replay.Outputs));
        await entity.GracefulStop(Timeout);
        var restarted = Entity("u5");
        var again = await restarted.Ask<InputsApplied<AnomalyAlert>>(Apply(await OpenAsync(), -1, 6, whale), Timeout);
        Assert.Equal(alert.DetectedAt.ToUnixTimeMilliseconds(), Assert.Single(again.Outputs).DetectedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A_finished_order_leaves_memory_once_its_state_is_stored()
    {
        var epoch = await OpenAsync();
        var passivated = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shard = _system.ActorOf(Props.Create(() => new ShardStandIn(OrderLifecycleEntity.Props("o9", AnomalyOptions.Default, _store), passivated)));
        var entity = await shard.Ask<IActorRef>("entity", Timeout);
        var order = Whale with { EventId = "o9-created", OrderId = "o9", TotalAmount = 10m };
        async Task StepAsync(long offset, OrderStatus status)
        {
            var e = order with { EventId = $"o9-{status}", Status = status, Time = order.Time.AddMinutes(offset) };
            Assert.Equal(EntityStatus.Ok, (await entity.Ask<InputsApplied<AnomalyAlert>>(
                new ApplyInputs<OrderActivity>("o9", epoch, -1, [new KeyedInput<OrderActivity>(offset, e, DateTimeOffset.MinValue)], Partition), Timeout)).Status);
            // The watermark passes the event, which releases it.
            await entity.Ask<TimersFired<AnomalyAlert>>(new FireTimers("o9", epoch, offset, e.Time.AddMinutes(1), Partition), Timeout);
            await CheckpointAsync(entity, "o9", epoch, offset);
        }

        await StepAsync(1, OrderStatus.Created);
        await StepAsync(2, OrderStatus.Paid);
        await StepAsync(3, OrderStatus.Shipped);
        Assert.NotSame(passivated.Task, await Task.WhenAny(passivated.Task, Task.Delay(300)));
        await StepAsync(4, OrderStatus.Delivered);
        Assert.IsType<PoisonPill>(await passivated.Task.WaitAsync(Timeout));
    }

    /// <summary>The parent a sharded entity has: hands out the entity and reports its passivation request.</summary>
    private sealed class ShardStandIn : ReceiveActor
    {
        public ShardStandIn(Props entity, TaskCompletionSource<object> passivated)
        {
            var child = Context.ActorOf(entity, "entity");
            Receive<string>(_ => Sender.Tell(child));
            Receive<Akka.Cluster.Sharding.Passivate>(p => passivated.TrySetResult(p.StopMessage));
        }
    }

    [Fact]
    public async Task An_older_processor_is_fenced_and_lost_state_is_reported()
    {
        var entity = Entity("u2");
        var whale = Whale with { UserId = "u2" };
        Assert.Equal(EntityStatus.Ok, await AppliedAsync(entity, 5, -1, 1, whale));
        Assert.Equal(EntityStatus.Fenced, (await entity.Ask<InputsApplied<AnomalyAlert>>(Apply(4, -1, 2, whale), Timeout)).Status);
        Assert.Equal(EntityStatus.Fenced, (await entity.Ask<EntityCheckpointed>(new CheckpointEntity("u2", 4, Partition), Timeout)).Status);

        // The processor believes offset 7 was applied, but the entity has only 1: it lost unstored changes.
        Assert.Equal(EntityStatus.StateLost, (await entity.Ask<TimersFired<AnomalyAlert>>(new FireTimers("u2", 5, 7, DateTimeOffset.MaxValue, Partition), Timeout)).Status);
    }

    [Fact]
    public async Task Messages_that_wait_for_the_load_and_for_a_stamp_write_are_answered_in_their_order()
    {
        var epoch = await OpenAsync();
        var entity = Entity("u7");
        var whale = Whale with { UserId = "u7", OrderId = "o7", EventId = "whale-7" };
        var answers = new TaskCompletionSource<IReadOnlyList<object>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var collector = _system.ActorOf(Props.Create(() => new Collector(3, answers)));

        // Sent at once: the first makes the entity load its state, then stamp the alert; the others wait for both.
        entity.Tell(Apply(epoch, -1, 10, whale), collector);
        entity.Tell(new GetUserAlerts("u7"), collector);
        entity.Tell(Apply(epoch, 10, 11, Small("u7")), collector);

        var got = await answers.Task.WaitAsync(Timeout);
        var alert = Assert.Single(Assert.IsType<InputsApplied<AnomalyAlert>>(got[0]).Outputs);
        Assert.Equal(alert.AlertId, Assert.Single(Assert.IsType<UserAlertsView>(got[1]).Recent).AlertId);
        var second = Assert.IsType<InputsApplied<AnomalyAlert>>(got[2]);
        Assert.Equal((EntityStatus.Ok, 0), (second.Status, second.Outputs.Length));
    }

    /// <summary>Collects the first <c>count</c> messages it receives, in order.</summary>
    private sealed class Collector : ReceiveActor
    {
        public Collector(int count, TaskCompletionSource<IReadOnlyList<object>> done)
        {
            var received = new List<object>();
            ReceiveAny(message =>
            {
                received.Add(message);
                if (received.Count == count) done.TrySetResult(received);
            });
        }
    }
}
