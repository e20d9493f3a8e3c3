namespace Streaming.Engine.Processing;

/// <summary>
/// The keys of a partition that may have a live entity, least recently touched first: beyond the limit the oldest that
/// are not awaiting a checkpoint are told to leave memory (they do if nothing unstored would be lost), so memory holds
/// the hot keys of the partition, not every key it ever saw.
/// </summary>
public sealed class LiveEntities(int limit)
{
    private readonly LinkedList<EntityRef> _order = new();
    private readonly Dictionary<EntityRef, LinkedListNode<EntityRef>> _nodes = [];

    public int Count => _nodes.Count;

    public void Touched(EntityRef entity)
    {
        if (_nodes.TryGetValue(entity, out var node)) _order.Remove(node);
        _nodes[entity] = _order.AddLast(entity);
    }

    /// <summary>The oldest keys beyond the limit that are not in <paramref name="pending"/> (touched since the checkpoint); they are forgotten here.</summary>
    public IReadOnlyList<EntityRef> Evictable(IReadOnlyDictionary<EntityRef, long> pending)
    {
        var evicted = new List<EntityRef>();
        var node = _order.First;
        while (_nodes.Count - evicted.Count > limit && node is not null)
        {
            var next = node.Next;
            if (!pending.ContainsKey(node.Value))
            {
                evicted.Add(node.Value);
                _nodes.Remove(node.Value);
                _order.Remove(node);
            }
            node = next;
        }
        return evicted;
    }
}
