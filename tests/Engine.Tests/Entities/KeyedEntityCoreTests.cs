using Streaming.Analytics.Anomalies;
using Streaming.Engine.Entities;
using Streaming.Engine.State;
using Streaming.Streams.Contracts;

namespace Streaming.Engine.Tests.Entities;

/// <summary>The effectively-once protocol of one key's state: offsets skipped on replay, epochs, fencing, lost state, poison, time-to-live.</summary>
public sealed class KeyedEntityCoreTests
{
    private const string Partition = "order_events-0";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
    private static readonly UserRulesFunction Users = new(AnomalyOptions.Default);
    private static readonly OrderLifecycleFunction Orders = new(AnomalyOptions.Default);

    private static OrderActivity Order(string id, long minute, decimal amount = 10m, OrderStatus status = OrderStatus.Created, string user = "u1") =>
        new($"{id}-{status}", id, user, T0.AddMinutes(minute), status, amount, null);

    private static KeyedEntityCore<OrderActivity, UserRulesState, AnomalyAlert> User(StoredState? stored = null) =>
        new(Users, a => a.Time, "u1", stored);

    private static ApplyInputs<OrderActivity> Apply(long epoch, long assumed, params (long Offset, OrderActivity Input)[] items) =>
        new("u1", 0, Partition, epoch, assumed, [.. items.Select(i => new KeyedInput<OrderActivity>(i.Offset, i.Input, DateTimeOffset.MinValue))]);

    private static CheckpointEntity Checkpoint(long epoch) => new("u1", 0, Partition, epoch);

    [Fact]
    public void Inputs_at_or_below_the_applied_offset_are_skipped_so_a_replay_counts_nothing_twice()
    {
        var core = User();
        var first = core.Apply(Apply(1, -1, (5, Order("o1", 0, 2_000_000m))), Now);
        Assert.Single(first.Outputs);
        var stored = core.Checkpoint(Checkpoint(1)).Snapshot!;
        Assert.True(core.Confirm(1, stored.Stage) is false);

        // The same input again (a replay from a checkpoint before it): skipped, nothing raised, nothing to store.
        var again = core.Apply(Apply(1, 5, (5, Order("o1", 0, 2_000_000m))), Now);
        Assert.Equal((EntityStatus.Ok, 0), (again.Status, again.Outputs.Length));
        Assert.Null(core.Checkpoint(Checkpoint(1)).Snapshot);
        Assert.Equal(5, core.AppliedOffset);
    }

    [Fact]
    public void A_new_epoch_drops_what_the_old_processor_left_unstored_and_fences_the_old_one()
    {
        var core = User();
        core.Apply(Apply(1, -1, (1, Order("o1", 0))), Now);
        core.Confirm(1, core.Checkpoint(Checkpoint(1)).Snapshot!.Stage);
        core.Apply(Apply(1, 1, (2, Order("o2", 1))), Now);
        Assert.Equal(2, core.AppliedOffset);

        // Processor 2 takes over from the checkpoint at offset 1: the entity goes back to it.
        var replayed = core.Apply(Apply(2, -1, (2, Order("o2", 1))), Now);
        Assert.Equal(EntityStatus.Ok, replayed.Status);
        Assert.Equal(2, core.AppliedOffset);
        Assert.Equal(2, core.State.Rules.CreatedCount + core.State.Rules.Buffer.Length);

        // Processor 1 lives on: fenced, and its checkpoint too.
        Assert.Equal(EntityStatus.Fenced, core.Apply(Apply(1, 2, (3, Order("o3", 2))), Now).Status);
        Assert.Equal(EntityStatus.Fenced, core.Checkpoint(Checkpoint(1)).Status);
    }

    [Fact]
    public void A_key_behind_what_its_processor_assumes_reports_lost_state()
    {
        var core = User();
        core.Apply(Apply(1, -1, (1, Order("o1", 0))), Now);
        // The processor had the key apply offset 7 since its checkpoint; this entity (restarted) knows only offset 1.
        Assert.Equal(EntityStatus.StateLost, core.Fire(new FireTimers("u1", 0, Partition, 1, 7, DateTimeOffset.MaxValue), Now).Status);
    }

    [Fact]
    public void A_stored_but_unconfirmed_checkpoint_is_what_a_reload_finds()
    {
        var core = User();
        core.Apply(Apply(1, -1, (5, Order("o1", 0))), Now);
        var snapshot = core.Checkpoint(Checkpoint(1)).Snapshot!;
        // The checkpoint lands, the processor dies before confirming; the entity is loaded again from what was stored.
        var reloaded = User(snapshot.State);
        Assert.Equal(5, reloaded.AppliedOffset);
        Assert.Equal(core.State, reloaded.State);
        Assert.Equal(EntityStatus.Ok, reloaded.Fire(new FireTimers("u1", 0, Partition, 2, 5, T0), Now).Status);
    }

    [Fact]
    public void An_input_the_logic_cannot_process_is_poison_and_the_key_goes_on()
    {
        var orders = new KeyedEntityCore<OrderActivity, OrderLifecycleState, AnomalyAlert>(Orders, a => a.Time, "o1", null);
        var created = Order("o1", 0, user: "u1");
        // The same order id from another user: the lifecycle logic refuses it.
        var stranger = Order("o1", 1, status: OrderStatus.Paid, user: "u2");
        var paid = Order("o1", 2, status: OrderStatus.Paid, user: "u1");
        var reply = orders.Apply(new ApplyInputs<OrderActivity>("o1", 0, Partition, 1, -1,
            [new(1, created, DateTimeOffset.MinValue), new(2, stranger, DateTimeOffset.MinValue), new(3, paid, DateTimeOffset.MinValue)]), Now);
        Assert.Equal(EntityStatus.Ok, reply.Status);
        var poison = Assert.Single(reply.Poison);
        Assert.Equal(2, poison.Offset);
        Assert.Contains("order-lifecycle o1", poison.Reason, StringComparison.Ordinal);
        Assert.Equal(3, orders.AppliedOffset);
    }

    [Fact]
    public void A_state_past_its_time_to_live_is_gone_for_the_next_input_and_expires_with_its_last_event()
    {
        var orders = new KeyedEntityCore<OrderActivity, OrderLifecycleState, AnomalyAlert>(Orders, a => a.Time, "o1", null);
        orders.Apply(new ApplyInputs<OrderActivity>("o1", 0, Partition, 1, -1, [new(1, Order("o1", 0), DateTimeOffset.MinValue)]), Now);
        var stored = orders.Checkpoint(new CheckpointEntity("o1", 0, Partition, 1)).Snapshot!.State!;
        Assert.True(stored.ExpiresAt >= T0 + AnomalyOptions.Default.OrderRetention);

        // A week and more later the order id comes again: a new order (its first event is not an invalid transition).
        var later = Order("o1", (long)AnomalyOptions.Default.OrderRetention.TotalMinutes + 60, status: OrderStatus.Shipped);
        var reply = orders.Apply(new ApplyInputs<OrderActivity>("o1", 0, Partition, 1, 1,
            [new(2, later, later.Time.AddMinutes(-1))]), Now);
        Assert.DoesNotContain(reply.Outputs, a => a.Rule == AnomalyRule.InvalidTransition);
        Assert.Equal(later.Time, orders.State.LastEventTime);
    }

    [Fact]
    public void Remembered_results_change_the_state_once_per_id_and_show_in_the_live_query()
    {
        var core = User();
        var alert = core.Apply(Apply(1, -1, (1, Order("o1", 0, 2_000_000m))), Now).Outputs.Single();
        core.Remember([alert, alert]);
        core.Remember([alert]);
        Assert.Single(core.State.Recent);
        var json = System.Text.Encoding.UTF8.GetString(core.Query("alerts", Now)!);
        Assert.Contains(alert.AlertId, json, StringComparison.Ordinal);
        Assert.False(core.IsClean);
        Assert.NotNull(core.Checkpoint(Checkpoint(1)).Snapshot);
        Assert.Null(core.Query("no-such-view", Now));
    }

    [Fact]
    public void An_empty_state_is_deleted_not_stored_and_a_finished_order_is_dormant_once_stored()
    {
        var orders = new KeyedEntityCore<OrderActivity, OrderLifecycleState, AnomalyAlert>(Orders, a => a.Time, "o1", null);
        var epoch = 1;
        long offset = 0;
        foreach (var status in new[] { OrderStatus.Created, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Delivered })
        {
            var e = Order("o1", offset, status: status);
            orders.Apply(new ApplyInputs<OrderActivity>("o1", 0, Partition, epoch, offset - 1, [new(offset, e, DateTimeOffset.MinValue)]), Now);
            orders.Fire(new FireTimers("o1", 0, Partition, epoch, offset, e.Time.AddMinutes(1)), Now);
            var snapshot = orders.Checkpoint(new CheckpointEntity("o1", 0, Partition, epoch)).Snapshot!;
            Assert.NotNull(snapshot.State);
            var dormant = orders.Confirm(epoch, snapshot.Stage);
            Assert.Equal(status == OrderStatus.Delivered, dormant);
            offset++;
        }

        var sessions = new KeyedEntityCore<Analytics.Sessions.SessionEvent, Analytics.Sessions.UserSessionState, Analytics.Sessions.UserSession>(
            new Analytics.Sessions.SessionFunction(new Analytics.Sessions.SessionOptions(TimeSpan.FromMinutes(5))), e => e.Time, "s1", null);
        var click = new Analytics.Sessions.SessionEvent("e1", "s1", T0, "click", null, null);
        sessions.Apply(new ApplyInputs<Analytics.Sessions.SessionEvent>("s1", 0, "user_events-0", 1, -1, [new(1, click, DateTimeOffset.MinValue)]), Now);
        sessions.Confirm(1, sessions.Checkpoint(new CheckpointEntity("s1", 0, "user_events-0", 1)).Snapshot!.Stage);
        var closed = sessions.Fire(new FireTimers("s1", 0, "user_events-0", 1, 1, DateTimeOffset.MaxValue), Now);
        Assert.Single(closed.Outputs);
        var emptied = sessions.Checkpoint(new CheckpointEntity("s1", 0, "user_events-0", 1)).Snapshot!;
        Assert.Null(emptied.State);
    }

    [Fact]
    public void An_instance_that_read_its_state_before_the_checkpoint_in_flight_landed_is_stale_and_answers_state_lost()
    {
        // The first instance applies o1 and o2; its checkpoint (applied offset 2) is being written when its shard moves.
        var first = User();
        first.Apply(Apply(1, -1, (1, Order("o1", 0))), Now);
        first.Confirm(1, first.Checkpoint(Checkpoint(1)).Snapshot!.Stage);
        var olderStored = new StoredState(Users.Encode(first.State), 1, null);
        first.Apply(Apply(1, 1, (2, Order("o2", 1))), Now);
        var inFlight = first.Checkpoint(Checkpoint(1));

        // The new instance read the store before that write landed: offset 1. The confirmation of offset 2 reaches it.
        var second = User(olderStored);
        second.Apply(Apply(1, -1, (3, Order("o3", 2))), Now);
        Assert.False(second.IsStale);
        second.Confirm(1, inFlight.Snapshot!.Stage, inFlight.AppliedOffset);
        Assert.True(second.IsStale);
        Assert.Equal(EntityStatus.StateLost, second.Apply(Apply(1, -1, (4, Order("o4", 3))), Now).Status);

        // An instance that read the state after the write landed is not stale.
        var third = User(inFlight.Snapshot.State);
        third.Confirm(1, inFlight.Snapshot.Stage, inFlight.AppliedOffset);
        Assert.False(third.IsStale);
    }
}
