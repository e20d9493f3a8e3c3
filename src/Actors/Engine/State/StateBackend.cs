using System.Collections.Concurrent;

namespace Streaming.Engine.State;

/// <summary>
/// A node's view of the keyed state backend: the store behind a bounded cache. Entities load through it; a partition's
/// checkpoint commits through it, and a load of a key that a commit in flight carries waits for that commit before it
/// reads — the only ordering the engine needs, as a key's state changes only through its partition's checkpoints (a new
/// key, such as each new order, does not wait behind a checkpoint of other keys).
/// The cache serves only partitions whose processor runs on this node (<see cref="Own"/>): their checkpoints land here,
/// so the cache sees every write. An entity whose partition is processed elsewhere (while its shard moves) reads the
/// store, whose checkpoints another node writes.
/// </summary>
public sealed class StateBackend(IPartitionStore store, StateCache cache)
{
    private readonly ConcurrentDictionary<string, (Task Commit, HashSet<StateKey> Keys)> _committing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _owned = new(StringComparer.Ordinal);

    public IPartitionStore Store { get; } = store;

    public StateCache Cache { get; } = cache;

    public async Task<StoredState?> LoadAsync(StateKey key, CancellationToken ct = default)
    {
        if (_committing.TryGetValue(key.PartitionId, out var writing) && writing.Keys.Contains(key))
            await writing.Commit.WaitAsync(ct).ContinueWith(_ => { }, TaskScheduler.Default);
        // A checkpoint that lands from here on may carry a newer state than the read below: then the read is not cached.
        var version = Cache.Version(key.PartitionId);
        if (!_owned.ContainsKey(key.PartitionId)) return await Store.LoadAsync(key, ct);
        if (Cache.TryGet(key, out var cached)) return cached;
        var stored = await Store.LoadAsync(key, ct);
        Cache.PutRead(key, stored, version);
        return stored;
    }

    /// <summary>Writes a checkpoint; the cache takes what it wrote once it landed. False when fenced.</summary>
    public Task<bool> CommitAsync(CheckpointWrite write, CancellationToken ct = default)
    {
        // A load waits for this whole task, the cache update included: it must not find the cache between the two.
        var keys = write.States.Select(change => new StateKey(write.PartitionId, change.Kind, change.Key)).ToHashSet();
        var commit = WriteAndCacheAsync(write, ct);
        var entry = (Commit: (Task)commit, Keys: keys);
        _committing[write.PartitionId] = entry;
        commit.ContinueWith(_ => _committing.TryRemove(new KeyValuePair<string, (Task, HashSet<StateKey>)>(write.PartitionId, entry)), TaskScheduler.Default);
        return commit;
    }

    private async Task<bool> WriteAndCacheAsync(CheckpointWrite write, CancellationToken ct)
    {
        var written = await Store.CommitAsync(write, ct);
        if (written) Cache.Written(write.PartitionId, write.States.Select(change => (new StateKey(write.PartitionId, change.Kind, change.Key), change.State)));
        return written;
    }

    /// <summary>The partition's states are gone from the store (reset): the cache forgets them too.</summary>
    public void Forget(string partitionId) => Cache.Clear(partitionId);

    /// <summary>
    /// This node's processor opened the partition: from now on its checkpoints land here, so its states may be cached.
    /// What was cached before may be older than the store (another node processed it meanwhile) and is dropped.
    /// </summary>
    public void Own(string partitionId)
    {
        Cache.Clear(partitionId);
        _owned[partitionId] = true;
    }

    /// <summary>This node's processor let the partition go: another node's checkpoints may change it from now on.</summary>
    public void Release(string partitionId)
    {
        _owned.TryRemove(partitionId, out _);
        Cache.Clear(partitionId);
    }
}
