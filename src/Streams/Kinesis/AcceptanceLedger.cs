namespace Streaming.Streams.Kinesis;

/// <summary>
/// Per Kafka partition, which consumed offsets Kinesis has not accepted yet, and from that the
/// offset that may be committed: the lowest unaccepted offset, or one past the last consumed
/// offset when everything was accepted. Records are accepted out of order (other keys overtake a
/// throttled one); the commit never passes an unaccepted record. Not thread-safe.
/// </summary>
/// <remarks>
/// A partition that is dropped (revoked) and tracked again (re-assigned) starts a new generation:
/// an answer for a record of the old generation, arriving late, must not settle the same offset
/// consumed again in the new one.
/// </remarks>
public sealed class AcceptanceLedger
{
    private readonly Dictionary<int, PartitionLedger> _partitions = [];
    private int _generations;

    /// <summary>Records a consumed offset (offsets of one partition arrive in increasing order).</summary>
    /// <returns>The partition's generation, to pass to <see cref="Accept"/>.</returns>
    public int Track(int partition, long offset, long? timestampMs)
    {
        if (!_partitions.TryGetValue(partition, out var ledger))
            _partitions[partition] = ledger = new PartitionLedger(++_generations);
        ledger.Track(offset, timestampMs);
        return ledger.Generation;
    }

    /// <summary>Marks an offset as accepted by Kinesis (or settled as a reported poison record).</summary>
    /// <returns>False when the offset is not tracked in that generation (its partition was dropped meanwhile).</returns>
    public bool Accept(int partition, int generation, long offset) =>
        _partitions.TryGetValue(partition, out var ledger) && ledger.Generation == generation && ledger.Accept(offset);

    /// <summary>Whether <paramref name="partition"/> is still tracked in <paramref name="generation"/>.</summary>
    public bool IsCurrent(int partition, int generation) => _partitions.TryGetValue(partition, out var ledger) && ledger.Generation == generation;

    /// <summary>The offset to commit for <paramref name="partition"/>, or null when nothing was consumed from it.</summary>
    public long? Committable(int partition) => _partitions.TryGetValue(partition, out var ledger) ? ledger.Committable : null;

    /// <summary>The highest offset accepted on <paramref name="partition"/>, if any.</summary>
    public long? LastAccepted(int partition) => _partitions.TryGetValue(partition, out var ledger) ? ledger.LastAccepted : null;

    /// <summary>Records consumed from <paramref name="partition"/> and not yet accepted.</summary>
    public int Outstanding(int partition) => _partitions.TryGetValue(partition, out var ledger) ? ledger.Outstanding : 0;

    /// <summary>Kafka timestamp of the oldest unaccepted record over all partitions (null when none, or none has a timestamp).</summary>
    public long? OldestUnacceptedTimestampMs()
    {
        long? oldest = null;
        foreach (var ledger in _partitions.Values)
            if (ledger.OldestUnacceptedTimestampMs is { } ts && (oldest is null || ts < oldest)) oldest = ts;
        return oldest;
    }

    public IReadOnlyCollection<int> Partitions => _partitions.Keys;

    /// <summary>Forgets a partition (revoked: its new owner starts from the committed offset).</summary>
    public void Drop(int partition) => _partitions.Remove(partition);

    private sealed class PartitionLedger(int generation)
    {
        public int Generation { get; } = generation;

        // Unaccepted and accepted-but-not-yet-contiguous offsets in consumption order; the head is the
        // oldest offset not known to be settled.
        private readonly Queue<Entry> _order = new();
        private readonly Dictionary<long, Entry> _byOffset = [];
        private long _nextAfterLast = -1;

        public long? LastAccepted { get; private set; }

        public int Outstanding => _byOffset.Count;

        public long Committable => _order.Count > 0 ? _order.Peek().Offset : _nextAfterLast;

        // The head is never accepted: Accept dequeues settled heads.
        public long? OldestUnacceptedTimestampMs => _order.Count > 0 ? _order.Peek().TimestampMs : null;

        public void Track(long offset, long? timestampMs)
        {
            if (offset < _nextAfterLast)
                throw new InvalidOperationException($"Offset {offset} consumed after {_nextAfterLast - 1}: offsets of a partition must increase.");
            var entry = new Entry(offset, timestampMs);
            _order.Enqueue(entry);
            _byOffset[offset] = entry;
            _nextAfterLast = offset + 1;
        }

        public bool Accept(long offset)
        {
            if (!_byOffset.Remove(offset, out var entry)) return false;
            entry.Accepted = true;
            if (LastAccepted is null || offset > LastAccepted) LastAccepted = offset;
            while (_order.Count > 0 && _order.Peek().Accepted) _order.Dequeue();
            return true;
        }

        private sealed class Entry(long offset, long? timestampMs)
        {
            public long Offset { get; } = offset;
            public long? TimestampMs { get; } = timestampMs;
            public bool Accepted { get; set; }
        }
    }
}
