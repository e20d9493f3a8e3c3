using Akka.Actor;
using Streaming.Actors.Engine;
using Streaming.Actors.Entities;
using Streaming.Actors.Orders;
using Streaming.Actors.Sessions;

namespace Streaming.Actors.Tests.Engine;

/// <summary>Every persisted or remote engine type has a unique manifest and generated JSON; earlier manifests still read.</summary>
public sealed class EngineSerializerTests : IAsyncLifetime
{
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("serializer-tests");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.Terminate();

    [Fact]
    public void Every_registered_type_has_a_unique_manifest_and_generated_json()
    {
        Assert.Equal(EngineSerializer.Types.Count, EngineSerializer.Types.Select(EngineSerializer.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(EngineSerializer.Types, t => Assert.NotNull(EngineJsonContext.Default.GetTypeInfo(t)));
        Assert.Equal("ApplyInputs[ProductActivity]", EngineSerializer.Name(typeof(ApplyInputs<Streaming.Actors.Products.ProductActivity>)));
    }

    [Fact]
    public void A_user_anomaly_checkpoint_with_order_memos_of_an_earlier_version_still_reads()
    {
        var serializer = new EngineSerializer((ExtendedActorSystem)_system);
        var earlier = """
            {"state":{"user_id":"u","buffer":[],"orders":{"o1":{"last_event_time":"2026-01-01T00:00:00.123Z","mismatch_alerted":true,"created_counted":false}},
            "recent_created":[],"pending_failures":[],"last_high_frequency_alert":null,"created_count":0,"created_sum":0},"applied_offset":7}
            """u8.ToArray();

        var back = (EntityCheckpoint<UserAnomalyState>)serializer.FromBinary(earlier, EngineSerializer.Name(typeof(EntityCheckpoint<UserAnomalyState>)));

        Assert.Equal(new OrderMemo(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 123, TimeSpan.Zero), MismatchAlerted: true, CreatedCounted: false), back.State.Orders["o1"]);
        Assert.Equal(7L, back.AppliedOffset);
    }

    [Fact]
    public void A_checkpoint_round_trips_and_the_earlier_session_manifest_still_reads()
    {
        var serializer = new EngineSerializer((ExtendedActorSystem)_system);
        var checkpoint = new EntityCheckpoint<UserSessionState>(UserSessionState.Empty("u1"), 42);
        var bytes = serializer.ToBinary(checkpoint);
        var manifest = serializer.Manifest(checkpoint);
        var back = (EntityCheckpoint<UserSessionState>)serializer.FromBinary(bytes, manifest);
        Assert.Equal((checkpoint.State, 42L), (back.State, back.AppliedOffset));
        var legacy = (EntityCheckpoint<UserSessionState>)serializer.FromBinary(bytes, "UserSessionCheckpoint");
        Assert.Equal(42L, legacy.AppliedOffset);
    }

    [Fact]
    public void A_checkpoint_event_reads_back_with_the_entries_it_rewrote()
    {
        var serializer = new EngineSerializer((ExtendedActorSystem)_system);
        var state = StagedState.Of("user-anomaly-u1", 3, new EntityCheckpoint<UserAnomalyState>(UserAnomalyState.Empty("u1"), 41));
        var saved = new PartitionCheckpointed(new PartitionCheckpoint(2, 41, null, []), [], [new TimerChange("user/u2", null)], TimersAsChanges: true,
            new StoreEntries([state], [new TimerEntry("user/u1", DateTimeOffset.UnixEpoch)], [new StampsSaved("user-anomaly-u1", [new OutputStamp("a1", DateTimeOffset.UnixEpoch, 3)])]));

        var back = (PartitionCheckpointed)serializer.FromBinary(serializer.ToBinary(saved), serializer.Manifest(saved));

        Assert.Equal(saved.TimerChanges.ToArray(), back.TimerChanges.ToArray());
        var rewritten = back.Rewritten!;
        var restored = Assert.Single(rewritten.States);
        Assert.Equal((state.PersistenceId, 3L, 41L), (restored.PersistenceId, restored.Stage, ((EntityCheckpoint<UserAnomalyState>)restored.Payload.Read()).AppliedOffset));
        Assert.Equal(saved.Rewritten!.Timers.ToArray(), rewritten.Timers.ToArray());
        Assert.Equal(saved.Rewritten.Stamps[0].Stamps.ToArray(), Assert.Single(rewritten.Stamps).Stamps.ToArray());
        Assert.Null(((PartitionCheckpointed)serializer.FromBinary(serializer.ToBinary(saved with { Rewritten = null }), serializer.Manifest(saved))).Rewritten);
    }

    [Fact]
    public void A_snapshot_of_an_earlier_version_reads_back_whole()
    {
        var serializer = new EngineSerializer((ExtendedActorSystem)_system);
        var state = StagedState.Of("user-anomaly-u1", 3, new EntityCheckpoint<UserAnomalyState>(UserAnomalyState.Empty("u1"), 41));
        var snapshot = new PartitionStateSnapshot(new PartitionCheckpoint(2, 41, null, [new TimerEntry("user/u1", DateTimeOffset.UnixEpoch)]), [state],
            [new StampsSaved("user-anomaly-u1", [new OutputStamp("a1", DateTimeOffset.UnixEpoch, 3)])]);

        var back = (PartitionStateSnapshot)serializer.FromBinary(serializer.ToBinary(snapshot), serializer.Manifest(snapshot));

        Assert.Equal(snapshot.Checkpoint.Timers.ToArray(), back.Checkpoint.Timers.ToArray());
        var restored = Assert.Single(back.Entities);
        Assert.Equal((state.PersistenceId, 3L, 41L), (restored.PersistenceId, restored.Stage, ((EntityCheckpoint<UserAnomalyState>)restored.Payload.Read()).AppliedOffset));
        Assert.Equal(snapshot.Stamps[0].Stamps.ToArray(), Assert.Single(back.Stamps).Stamps.ToArray());
    }

    [Fact]
    public void A_deferred_state_is_serialized_when_first_asked_and_to_the_same_bytes_as_at_once()
    {
        var serializer = new EngineSerializer((ExtendedActorSystem)_system);
        var checkpoint = new EntityCheckpoint<UserSessionState>(UserSessionState.Empty("u7"), 12);
        var deferred = StatePayload.Deferred(checkpoint);

        Assert.Same(checkpoint, deferred.Read());
        Assert.Equal(StatePayload.Of(checkpoint).Json, deferred.Json);
        var staged = new EntityCheckpointed("u7", EntityStatus.Ok, 12, new StagedState("user-session-u7", 1, deferred));
        var back = (EntityCheckpointed)serializer.FromBinary(serializer.ToBinary(staged), serializer.Manifest(staged));
        var read = Assert.IsType<EntityCheckpoint<UserSessionState>>(back.State!.Payload.Read());
        Assert.Equal((checkpoint.State, 12L), (read.State, read.AppliedOffset));
    }

    [Fact]
    public void A_staged_entity_checkpoint_travels_with_its_payload_type()
    {
        var serializer = new EngineSerializer((ExtendedActorSystem)_system);
        var state = UserSessionState.Empty("u9");
        var staged = new EntityCheckpointed("u9", EntityStatus.Ok, 7, StagedState.Of("user-session-u9", 3, new EntityCheckpoint<UserSessionState>(state, 7)));
        var back = (EntityCheckpointed)serializer.FromBinary(serializer.ToBinary(staged), serializer.Manifest(staged));
        Assert.Equal(("user-session-u9", 3L), (back.State!.PersistenceId, back.State.Stage));
        var payload = Assert.IsType<EntityCheckpoint<UserSessionState>>(back.State.Payload.Read());
        Assert.Equal((state, 7L), (payload.State, payload.AppliedOffset));
        Assert.Null(((EntityCheckpointed)serializer.FromBinary(serializer.ToBinary(staged with { State = null }), serializer.Manifest(staged))).State);
    }
}
