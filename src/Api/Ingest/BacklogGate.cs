using Confluent.Kafka;
using Streaming.Streams.Kafka;

namespace Streaming.Api.Ingest;

/// <summary>
/// Admits records to a partition only while the processors' backlog on it leaves room in the broker's retention.
/// librdkafka's mock broker (the embedded default) keeps only about 5 MiB per partition and drops the oldest records
/// silently beyond that, so a backfill posted faster than the processors keep up would lose acknowledged events;
/// here the gateway answers 503 with Retry-After instead, as when Kafka is down. The backlog of a partition is its
/// records not yet checkpointed by the processors (end offset minus the group's committed offset) times the bytes a
/// record takes in the log, plus what is being sent right now.
/// </summary>
public sealed class BacklogGate
{
    /// <summary>Log bytes a record costs beyond its key, value and headers: a record batch holds often one record at a low linger.</summary>
    public const int RecordOverheadBytes = 80;

    private readonly Lock _gate = new();
    private readonly Dictionary<TopicPartition, PartitionBacklog> _partitions = [];

    private long _limitBytes;

    /// <summary>Most log bytes a partition's backlog may take; 0 (the default until <see cref="Limit"/>) admits everything.</summary>
    public long LimitBytes => Volatile.Read(ref _limitBytes);

    public bool Enabled => LimitBytes > 0;

    /// <summary>Sets the limit once the broker is known (see <see cref="BacklogMonitor"/>).</summary>
    public void Limit(long bytes) => Volatile.Write(ref _limitBytes, Math.Max(0, bytes));

    /// <summary>The bytes a record takes in the log.</summary>
    public static int LogBytes(byte[]? key, byte[] value, Headers headers) =>
        RecordOverheadBytes + (key?.Length ?? 0) + value.Length + headers.Sum(h => h.Key.Length + (h.GetValueBytes()?.Length ?? 0));

    /// <summary>
    /// Reserves room for the records (bytes per partition) or returns the first partition that has none. A partition
    /// with no backlog admits any request, so a request larger than the limit is not refused forever.
    /// </summary>
    public TopicPartition? TryReserve(IReadOnlyDictionary<TopicPartition, long> bytes)
    {
        if (!Enabled) return null;
        lock (_gate)
        {
            foreach (var (partition, size) in bytes)
            {
                var backlog = Of(partition).BacklogBytes;
                if (backlog > 0 && backlog + size > LimitBytes) return partition;
            }
            foreach (var (partition, size) in bytes) Of(partition).Reserved += size;
            return null;
        }
    }

    /// <summary>A reserved record was acknowledged at <paramref name="offset"/> (or, when null, not written at all).</summary>
    public void Settled(TopicPartition partition, long bytes, long? offset)
    {
        if (!Enabled) return;
        lock (_gate)
        {
            var backlog = Of(partition);
            backlog.Reserved = Math.Max(0, backlog.Reserved - bytes);
            if (offset is not { } at) return;
            backlog.End = Math.Max(backlog.End, at + 1);
            // A moving average over the records this gateway wrote stands in for every producer's.
            backlog.AverageBytes += (bytes - backlog.AverageBytes) / 64;
        }
    }

    /// <summary>
    /// What the broker says now: the partition's log range and the processors' committed offset (null: none yet). Until
    /// the processors commit, everything from the log's start as first seen is backlog; the start moving on later (the
    /// broker deleting records) processes nothing.
    /// </summary>
    public void Observed(TopicPartition partition, long start, long end, long? committed)
    {
        if (!Enabled) return;
        lock (_gate)
        {
            var backlog = Of(partition, start);
            backlog.End = Math.Max(backlog.End, end);
            if (committed is { } at) backlog.Processed = Math.Max(backlog.Processed, at);
        }
    }

    /// <summary>The backlog bytes of a partition as the gate estimates them.</summary>
    public long BacklogBytes(TopicPartition partition)
    {
        lock (_gate) return Of(partition).BacklogBytes;
    }

    private PartitionBacklog Of(TopicPartition partition, long start = 0)
    {
        if (!_partitions.TryGetValue(partition, out var backlog)) _partitions[partition] = backlog = new PartitionBacklog { Processed = start, End = start };
        return backlog;
    }

    private sealed class PartitionBacklog
    {
        public long End { get; set; }

        public long Processed { get; set; }

        public long Reserved { get; set; }

        public double AverageBytes { get; set; } = 300;

        public long BacklogBytes => (long)(Math.Max(0, End - Processed) * AverageBytes) + Reserved;
    }
}
