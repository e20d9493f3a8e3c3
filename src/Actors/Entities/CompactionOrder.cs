namespace Streaming.Actors.Entities;

/// <summary>
/// The entries of a journaled store ordered by the event that last wrote each one whole — the oldest first.
/// Every event at or after <see cref="Horizon"/> is needed to rebuild the store (some live entry was last written
/// whole there, or after it only in parts); every event before it can be deleted. Rewriting the oldest entries
/// moves the horizon on: incremental log compaction, so the store needs no snapshot of itself.
/// </summary>
/// <remarks>Events are numbered in the order they are applied, so a whole write always goes to the back.</remarks>
public sealed class CompactionOrder<TKey>
    where TKey : notnull
{
    private readonly LinkedList<(TKey Key, long Sequence)> _order = new();
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, long Sequence)>> _nodes;

    public CompactionOrder(IEqualityComparer<TKey>? comparer = null) => _nodes = new Dictionary<TKey, LinkedListNode<(TKey, long)>>(comparer);

    /// <summary>Live entries.</summary>
    public int Count => _nodes.Count;

    /// <summary>The oldest event some live entry needs, or null when there is no entry.</summary>
    public long? Horizon => _order.First?.Value.Sequence;

    public bool Contains(TKey key) => _nodes.ContainsKey(key);

    /// <summary>Event <paramref name="sequence"/> (the newest applied) holds <paramref name="key"/> whole.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An older event than one already applied.</exception>
    public void Written(TKey key, long sequence)
    {
        if (_order.Last is { } last && sequence < last.Value.Sequence)
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, $"events are applied in order; {last.Value.Sequence} was applied already");
        if (_nodes.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            node.Value = (key, sequence);
            _order.AddLast(node);
            return;
        }
        _nodes[key] = _order.AddLast((key, sequence));
    }

    /// <summary>
    /// Event <paramref name="sequence"/> holds a part of <paramref name="key"/> (a delta, an addition): a new entry
    /// needs it from here on; an entry already known needs its older whole write too, so nothing moves.
    /// </summary>
    public void Extended(TKey key, long sequence)
    {
        if (!_nodes.ContainsKey(key)) Written(key, sequence);
    }

    /// <summary>The entry is gone: no event is needed for it any more.</summary>
    public void Removed(TKey key)
    {
        if (!_nodes.Remove(key, out var node)) return;
        _order.Remove(node);
    }

    /// <summary>Every entry is gone (the store was emptied).</summary>
    public void Clear()
    {
        _nodes.Clear();
        _order.Clear();
    }

    /// <summary>The entries, those written whole longest ago first.</summary>
    public IEnumerable<TKey> Oldest()
    {
        for (var node = _order.First; node is not null; node = node.Next) yield return node.Value.Key;
    }
}
