namespace Streaming.Engine.State;

/// <summary>
/// The node's bounded cache of recently used key states (encoded, as the backend stores them), least recently used
/// out first: an entity that starts again soon after it was passivated finds its state here instead of in the database,
/// and a key known to have no state (null) is remembered as such, so a returning key with nothing stored costs no read.
/// Bounded by bytes, so a stream of fresh keys cannot grow it. Each partition has a version that every write and
/// clear moves on: a state read from the store before a write landed is not put over what the write left
/// (<see cref="PutRead"/>).
/// </summary>
public sealed class StateCache(long capacityBytes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<StateKey, LinkedListNode<(StateKey Key, StoredState? State)>> _entries = [];
    private readonly LinkedList<(StateKey Key, StoredState? State)> _order = new();
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private long _bytes;

    public long CapacityBytes { get; } = Math.Max(0, capacityBytes);

    public long Bytes
    {
        get { lock (_gate) return _bytes; }
    }

    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    public bool TryGet(StateKey key, out StoredState? state)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var node))
            {
                state = null;
                return false;
            }
            _order.Remove(node);
            _order.AddFirst(node);
            state = node.Value.State;
            return true;
        }
    }

    /// <summary>The partition's version: take it before reading the store, give it to <see cref="PutRead"/>.</summary>
    public long Version(string partitionId)
    {
        lock (_gate) return _versions.GetValueOrDefault(partitionId);
    }

    /// <summary>
    /// A state read from the store, cached only when nothing was written to or cleared from its partition since
    /// <paramref name="version"/>: a slower read must not replace a checkpoint's newer state.
    /// </summary>
    public void PutRead(StateKey key, StoredState? state, long version)
    {
        lock (_gate)
        {
            if (_versions.GetValueOrDefault(key.PartitionId) == version) Place(key, state);
        }
    }

    /// <summary>The states a checkpoint of the partition stored (null: the key has none now).</summary>
    public void Written(string partitionId, IEnumerable<(StateKey Key, StoredState? State)> states)
    {
        lock (_gate)
        {
            Bump(partitionId);
            foreach (var (key, state) in states) Place(key, state);
        }
    }

    /// <summary>Forgets every key of the partition (it was reset or moved away).</summary>
    public void Clear(string partitionId)
    {
        lock (_gate)
        {
            Bump(partitionId);
            foreach (var key in _entries.Keys.Where(k => k.PartitionId == partitionId).ToList()) Remove(key);
        }
    }

    private void Bump(string partitionId) => _versions[partitionId] = _versions.GetValueOrDefault(partitionId) + 1;

    private void Place(StateKey key, StoredState? state)
    {
        Remove(key);
        if (Size(key, state) > CapacityBytes) return;
        _entries[key] = _order.AddFirst((key, state));
        _bytes += Size(key, state);
        while (_bytes > CapacityBytes && _order.Last is { } oldest)
        {
            _order.RemoveLast();
            _entries.Remove(oldest.Value.Key);
            _bytes -= Size(oldest.Value.Key, oldest.Value.State);
        }
    }

    private void Remove(StateKey key)
    {
        if (!_entries.Remove(key, out var node)) return;
        _order.Remove(node);
        _bytes -= Size(key, node.Value.State);
    }

    private static long Size(StateKey key, StoredState? state) => (state?.Bytes.Length ?? 0) + (2 * (key.Kind.Length + key.Key.Length)) + 64;
}
