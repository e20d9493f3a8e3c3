using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>
/// Per assigned partition: the assignment epoch, the highest offset committed by this consumer,
/// the one being committed and the highest staged one (all as next-to-read positions). Offsets
/// only move forward; an offset of a partition not assigned under the same epoch is refused.
/// Thread-safe: committers stage from their stream threads, the consumer thread commits.
/// </summary>
internal sealed class OffsetLedger
{
    private readonly object _gate = new();
    private readonly Dictionary<TopicPartition, Entry> _entries = [];
    private long _epochs;

    public long Assign(TopicPartition partition)
    {
        lock (_gate)
        {
            var entry = new Entry(++_epochs);
            _entries[partition] = entry;
            return entry.Epoch;
        }
    }

    /// <summary>Forgets a revoked or lost partition; returns whether an uncommitted offset was dropped.</summary>
    public bool Remove(TopicPartition partition)
    {
        lock (_gate)
            return _entries.Remove(partition, out var entry) && entry.Staged > entry.Floor;
    }

    /// <summary>The consumer closed: nothing is assigned any more.</summary>
    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }

    public StageOutcome Stage(TopicPartition partition, long epoch, long next)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(partition, out var entry) || entry.Epoch != epoch) return StageOutcome.NotAssigned;
            if (next <= entry.Floor || next <= entry.Staged) return StageOutcome.Superseded;
            entry.Staged = next;
            return StageOutcome.Staged;
        }
    }

    public List<StagedOffset> TakeStaged(Func<TopicPartition, bool>? filter)
    {
        var taken = new List<StagedOffset>();
        lock (_gate)
        {
            foreach (var (partition, entry) in _entries)
            {
                if (entry.Staged <= entry.Floor || (filter is not null && !filter(partition))) continue;
                taken.Add(new StagedOffset(partition, entry.Epoch, entry.Staged));
                entry.InFlight = entry.Staged;
            }
        }
        return taken;
    }

    public void Committed(StagedOffset offset)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(offset.Partition, out var entry) || entry.Epoch != offset.Epoch) return;
            entry.Committed = Math.Max(entry.Committed, offset.Next);
            if (entry.InFlight == offset.Next) entry.InFlight = -1;
        }
    }

    /// <summary>A retriable commit failure: the offset stays staged unless something higher was staged meanwhile.</summary>
    public void Restage(StagedOffset offset)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(offset.Partition, out var entry) || entry.Epoch != offset.Epoch) return;
            if (entry.InFlight == offset.Next) entry.InFlight = -1;
            if (offset.Next > entry.Committed) entry.Staged = Math.Max(entry.Staged, offset.Next);
        }
    }

    /// <summary>The same as <see cref="Restage"/>'s opposite: the commit was refused for good.</summary>
    public void Abandon(StagedOffset offset)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(offset.Partition, out var entry) && entry.Epoch == offset.Epoch && entry.InFlight == offset.Next)
                entry.InFlight = -1;
        }
    }

    private sealed class Entry(long epoch)
    {
        public long Epoch { get; } = epoch;
        public long Committed { get; set; } = -1;
        public long InFlight { get; set; } = -1;
        public long Staged { get; set; } = -1;

        /// <summary>Nothing at or below this is ever committed again.</summary>
        public long Floor => Math.Max(Committed, InFlight);
    }
}
