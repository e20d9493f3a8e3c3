using System.Collections.Immutable;
using Streaming.Engine.State;
using Streaming.Engine.Tests.Support;
using Streaming.Streams.EventTime;

namespace Streaming.Engine.Tests.State;

/// <summary>The node's cache in front of the store: what a load finds after reads and checkpoints overlap.</summary>
public sealed class StateBackendTests
{
    private const string Partition = "user_events-0";
    private static readonly StateKey Key = new(Partition, "sessions", "u1");

    [Fact]
    public async Task A_read_that_started_before_a_checkpoint_landed_does_not_replace_the_checkpoints_state_in_the_cache()
    {
        var (store, backend, epoch) = await OwnedAsync(stored: 1);

        // The read takes the state of offset 1 and is held until the checkpoint of offset 2 landed.
        var slow = store.HoldNextRead();
        var reading = backend.LoadAsync(Key);
        await slow.Taken;
        Assert.True(await backend.CommitAsync(Write(epoch, offset: 2)));
        slow.Release();
        Assert.Equal(1, (await reading)!.AppliedOffset);

        Assert.Equal(2, (await backend.LoadAsync(Key))!.AppliedOffset);
    }

    [Fact]
    public async Task A_read_with_nothing_written_meanwhile_is_cached()
    {
        var (store, backend, _) = await OwnedAsync(stored: 1);

        await backend.LoadAsync(Key);
        await backend.LoadAsync(Key);

        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public async Task A_key_without_state_is_read_from_the_store_once()
    {
        var (store, backend, _) = await OwnedAsync(stored: null);

        Assert.Null(await backend.LoadAsync(Key));
        Assert.Null(await backend.LoadAsync(Key));

        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public async Task A_partition_processed_elsewhere_is_always_read_from_the_store()
    {
        var (store, backend, _) = await OwnedAsync(stored: 1);
        backend.Release(Partition);
        var other = await store.OpenAsync(Partition, "other node", fresh: false);
        Assert.True(await store.CommitAsync(Write(other.Partition.Epoch, offset: 2)));

        Assert.Equal(2, (await backend.LoadAsync(Key))!.AppliedOffset);
        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public async Task A_load_waits_for_a_commit_in_flight_only_when_the_commit_carries_its_key()
    {
        var (store, backend, epoch) = await OwnedAsync(stored: null);

        var slow = store.HoldNextCommit();
        var committing = backend.CommitAsync(Write(epoch, offset: 1));
        await slow.Taken;
        // A key the checkpoint does not carry (a new order, say) is read at once.
        var other = backend.LoadAsync(Key with { Key = "u2" });
        Assert.Same(other, await Task.WhenAny(other, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.Null(await other);
        // The key it carries waits for it, and finds what it wrote.
        var carried = backend.LoadAsync(Key);
        await Task.Delay(200);
        Assert.False(carried.IsCompleted);
        slow.Release();
        Assert.True(await committing);
        Assert.Equal(1, (await carried)!.AppliedOffset);
    }

    /// <summary>A backend whose node processes the partition, with u1's state stored at offset <paramref name="stored"/> (none when null), not cached.</summary>
    private static async Task<(SlowReadStore Store, StateBackend Backend, long Epoch)> OwnedAsync(long? stored)
    {
        var store = new SlowReadStore(new MemoryPartitionStore());
        var backend = new StateBackend(store, new StateCache(1 << 20));
        var epoch = (await store.OpenAsync(Partition, "node", fresh: false)).Partition.Epoch;
        backend.Own(Partition);
        if (stored is { } offset) Assert.True(await backend.CommitAsync(Write(epoch, offset)));
        backend.Cache.Clear(Partition);
        return (store, backend, epoch);
    }

    private static CheckpointWrite Write(long epoch, long offset) =>
        new(Partition, epoch, offset, new PartitionWatermarkSnapshot(null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch), null,
            [new StateChange(Key.Kind, Key.Key, new StoredState([(byte)offset], offset, null))], ImmutableArray<TimerChange>.Empty);

    /// <summary>The store, with a key read that can be held after it read (a slow database answer).</summary>
    private sealed class SlowReadStore(IPartitionStore inner) : IPartitionStore
    {
        private HeldRead? _next;
        private HeldRead? _nextCommit;

        public int Reads { get; private set; }

        public HeldRead HoldNextRead() => _next = new HeldRead();

        public HeldRead HoldNextCommit() => _nextCommit = new HeldRead();

        public async Task<StoredState?> LoadAsync(StateKey key, CancellationToken ct = default)
        {
            Reads++;
            var state = await inner.LoadAsync(key, ct);
            if (Interlocked.Exchange(ref _next, null) is { } held) await held.Wait();
            return state;
        }

        public Task InitializeAsync(CancellationToken ct = default) => inner.InitializeAsync(ct);
        public Task<StoredPartition> ReadAsync(string partitionId, CancellationToken ct = default) => inner.ReadAsync(partitionId, ct);
        public Task<PartitionOpen> OpenAsync(string partitionId, string owner, bool fresh, CancellationToken ct = default) => inner.OpenAsync(partitionId, owner, fresh, ct);
        public Task CloseAsync(string partitionId, long epoch, CancellationToken ct = default) => inner.CloseAsync(partitionId, epoch, ct);
        public async Task<bool> CommitAsync(CheckpointWrite write, CancellationToken ct = default)
        {
            if (Interlocked.Exchange(ref _nextCommit, null) is { } held) await held.Wait();
            return await inner.CommitAsync(write, ct);
        }

        public Task<IReadOnlyList<TimerRow>> TimersAsync(string partitionId, TimerRow? after, int limit, CancellationToken ct = default) => inner.TimersAsync(partitionId, after, limit, ct);
        public Task SaveStampsAsync(string partitionId, ImmutableArray<ResultStamp> stamps, CancellationToken ct = default) => inner.SaveStampsAsync(partitionId, stamps, ct);
        public Task ResetAsync(string partitionId, CancellationToken ct = default) => inner.ResetAsync(partitionId, ct);
        public Task<long> CountStatesAsync(string partitionId, CancellationToken ct = default) => inner.CountStatesAsync(partitionId, ct);
    }

    private sealed class HeldRead
    {
        private readonly TaskCompletionSource _taken = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Taken => _taken.Task;

        public Task Wait()
        {
            _taken.TrySetResult();
            return _released.Task;
        }

        public void Release() => _released.TrySetResult();
    }
}
