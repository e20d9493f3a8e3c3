namespace Streaming.Engine.State;

/// <summary>
/// The node's bounded cache of recently used key states (encoded, as the backend stores them), least recently used
/// out first: an entity that starts again soon after it was passivated finds its state here instead of in the database.
/// Bounded by bytes, so a stream of fresh keys cannot grow it.
/// </summary>
public sealed class StateCache(long capacityBytes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<StateKey, LinkedListNode<(StateKey Key, StoredState State)>> _entries = [];
    private readonly LinkedList<(StateKey Key, StoredState State)> _order = new();
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

    /// <summary>The key's state as stored now (null: it has none).</summary>
    public void Put(StateKey key, StoredState? state)
    {
        lock (_gate)
        {
            Remove(key);
            if (state is null || Size(key, state) > CapacityBytes) return;
            _entries[key] = _order.AddFirst((key, state));
            _bytes += Size(key, state);
            while (_bytes > CapacityBytes && _order.Last is { } oldest)
            {
                _order.RemoveLast();
                _entries.Remove(oldest.Value.Key);
                _bytes -= Size(oldest.Value.Key, oldest.Value.State);
            }
        }
    }

    /// <summary>Forgets every key of the partition (it was reset or moved away).</summary>
    public void Clear(string partitionId)
    {
        lock (_gate)
        {
            foreach (var key in _entries.Keys.Where(k => k.PartitionId == partitionId).ToList()) Remove(key);
        }
    }

    private void Remove(StateKey key)
    {
        if (!_entries.Remove(key, out var node)) return;
        _order.Remove(node);
        _bytes -= Size(key, node.Value.State);
    }

    private static long Size(StateKey key, StoredState state) => state.Bytes.Length + (2 * (key.Kind.Length + key.Key.Length)) + 64;
}
