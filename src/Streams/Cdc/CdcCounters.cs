namespace Streaming.Streams.Cdc;

/// <summary>Records Kafka acknowledged, over the connector's lifetime (trackers come and go with sessions).</summary>
internal sealed class CdcCounters
{
    private long _changes;
    private long _tombstones;
    private long _snapshotRows;

    public long Changes => Interlocked.Read(ref _changes);

    public long Tombstones => Interlocked.Read(ref _tombstones);

    /// <summary>Rows read by snapshots (read, not yet necessarily acknowledged).</summary>
    public long SnapshotRows => Interlocked.Read(ref _snapshotRows);

    public void AddChange() => Interlocked.Increment(ref _changes);

    public void AddTombstone() => Interlocked.Increment(ref _tombstones);

    public void AddSnapshotRow() => Interlocked.Increment(ref _snapshotRows);
}
