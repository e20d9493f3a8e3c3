using Microsoft.Extensions.Logging;

namespace Streaming.Streams.Cdc;

/// <summary>The connector's structured log events.</summary>
internal static partial class CdcLog
{
    [LoggerMessage(1, LogLevel.Information, "CDC connected to PostgreSQL {Host} (server {ServerVersion}, database {Database}); capturing {Tables}")]
    public static partial void Connected(ILogger logger, string host, string serverVersion, string database, string tables);

    [LoggerMessage(2, LogLevel.Information, "CDC created publication {Publication} for {Tables}")]
    public static partial void PublicationCreated(ILogger logger, string publication, string tables);

    [LoggerMessage(3, LogLevel.Warning, "CDC added {Table} to existing publication {Publication}; rows already in it are not snapshotted while slot {Slot} exists")]
    public static partial void PublicationExtended(ILogger logger, string table, string publication, string slot);

    [LoggerMessage(4, LogLevel.Information, "CDC set REPLICA IDENTITY FULL on {Table} (was {Previous}) so that updates and deletes carry the previous row")]
    public static partial void ReplicaIdentitySet(ILogger logger, string table, string previous);

    [LoggerMessage(5, LogLevel.Warning, "CDC table {Table} has REPLICA IDENTITY {Identity}: before is null for updates and holds only the key for deletes, unchanged TOASTed values read as the placeholder")]
    public static partial void ReplicaIdentityKept(ILogger logger, string table, string identity);

    [LoggerMessage(6, LogLevel.Information, "CDC snapshot started at {Lsn} (exported snapshot {SnapshotName}, transaction {TxId}) for {Tables} tables")]
    public static partial void SnapshotStarted(ILogger logger, string lsn, string snapshotName, long txId, int tables);

    [LoggerMessage(7, LogLevel.Information, "CDC snapshot of {Table}: {Rows} of about {Estimate} rows read")]
    public static partial void SnapshotProgress(ILogger logger, string table, long rows, long estimate);

    [LoggerMessage(8, LogLevel.Information, "CDC snapshot of {Table} done: {Rows} rows in {Seconds:0.0} s")]
    public static partial void SnapshotTableDone(ILogger logger, string table, long rows, double seconds);

    [LoggerMessage(9, LogLevel.Information, "CDC snapshot complete: {Rows} rows of {Tables} tables acknowledged by Kafka in {Seconds:0.0} s; slot {Slot} created at {Lsn}")]
    public static partial void SnapshotDone(ILogger logger, long rows, int tables, double seconds, string slot, string lsn);

    [LoggerMessage(10, LogLevel.Information, "CDC created slot {Slot} at {Lsn} without a snapshot")]
    public static partial void SlotCreated(ILogger logger, string slot, string lsn);

    [LoggerMessage(11, LogLevel.Information, "CDC streaming from slot {Slot} at {Lsn}")]
    public static partial void StreamingStarted(ILogger logger, string slot, string lsn);

    [LoggerMessage(12, LogLevel.Warning, "CDC failed while {Phase} ({Error}); reconnecting in {DelaySeconds:0.#} s and resuming from the slot")]
    public static partial void Reconnecting(ILogger logger, Exception exception, string phase, string error, double delaySeconds);

    [LoggerMessage(13, LogLevel.Information, "CDC relation {Table} ({RelationId}) now has columns {Columns}")]
    public static partial void RelationChanged(ILogger logger, string table, uint relationId, string columns);

    [LoggerMessage(14, LogLevel.Warning, "CDC TRUNCATE of {Tables} at {Lsn} is not published (as Debezium by default): consumers keep the rows")]
    public static partial void TruncateSkipped(ILogger logger, string tables, string lsn);

    [LoggerMessage(15, LogLevel.Information, "CDC stopped at confirmed {Lsn}{Unacknowledged}")]
    public static partial void Stopped(ILogger logger, string lsn, string unacknowledged);

    [LoggerMessage(16, LogLevel.Debug, "CDC confirmed {Lsn} to PostgreSQL")]
    public static partial void Confirmed(ILogger logger, string lsn);

    [LoggerMessage(17, LogLevel.Debug, "CDC slot lag not measured ({Reason}); the gauge keeps its last value")]
    public static partial void LagNotMeasured(ILogger logger, string reason);
}
