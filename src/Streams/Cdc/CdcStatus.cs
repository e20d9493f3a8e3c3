namespace Streaming.Streams.Cdc;

/// <summary>A point-in-time view of a <see cref="CdcConnector"/> (for status endpoints and metrics).</summary>
/// <param name="Phase">What the connector is doing.</param>
/// <param name="ConfirmedLsn">The position sent to PostgreSQL as flushed: every change before it is acknowledged by
/// Kafka. A restart resumes here. Null before the slot exists.</param>
/// <param name="LastReceivedLsn">The newest WAL position received from PostgreSQL (changes or keep-alives).</param>
/// <param name="ChangesPublished">Change records (c, u, d, r) acknowledged by Kafka since this connector object was
/// made; tombstones are not counted.</param>
/// <param name="TombstonesPublished">Tombstones acknowledged by Kafka.</param>
/// <param name="InFlight">Records handed to Kafka and not yet acknowledged.</param>
/// <param name="SnapshotTable">Table being read while <see cref="Phase"/> is <see cref="CdcPhase.Snapshot"/>.</param>
/// <param name="SnapshotRows">Rows of the snapshot read so far (all tables).</param>
/// <param name="LastConfirmedCommitTime">Commit time of the newest transaction whose changes are all acknowledged.</param>
/// <param name="LastError">The failure that caused the latest reconnect (or the end of the run), else null.</param>
public sealed record CdcStatus(
    CdcPhase Phase,
    string? ConfirmedLsn,
    string? LastReceivedLsn,
    long ChangesPublished,
    long TombstonesPublished,
    long InFlight,
    string? SnapshotTable,
    long SnapshotRows,
    DateTimeOffset? LastConfirmedCommitTime,
    string? LastError);
