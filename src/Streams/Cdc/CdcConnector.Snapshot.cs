using System.Data;
using System.Diagnostics;
using Npgsql;
using Npgsql.Replication;

namespace Streaming.Streams.Cdc;

public sealed partial class CdcConnector
{
    /// <summary>
    /// The first start: a temporary slot exports a snapshot, every row of every table is read in it and
    /// acknowledged by Kafka, and only then is the temporary slot copied to the real one. The copy starts exactly at
    /// the snapshot's consistent point (no gap, no overlap); and the real slot existing means the snapshot completed,
    /// so a crash before that leaves no slot (the temporary one dies with its session) and the next start snapshots
    /// again (at-least-once).
    /// </summary>
    private async Task SnapshotAsync(CdcOptionsValidator.Validated validated, DatabaseSetup.Result setup, PgCatalog catalog, ChangeTranslator translator, KafkaSink sink, CancellationToken ct)
    {
        _phase = CdcPhase.Snapshot;
        var started = Stopwatch.StartNew();
        var temporarySlot = _options.SlotName + "_snapshot";
        var replication = new LogicalReplicationConnection(validated.ConnectionString);
        await using (replication.ConfigureAwait(false))
        {
            await replication.Open(ct).ConfigureAwait(false);
            replication.CommandTimeout = SlotCommandTimeout;
            var slot = await replication.CreatePgOutputReplicationSlot(
                temporarySlot, temporarySlot: true, slotSnapshotInitMode: LogicalSlotSnapshotInitMode.Export, cancellationToken: ct).ConfigureAwait(false);
            var consistentPoint = slot.ConsistentPoint;

            var reader = new NpgsqlConnection(validated.ConnectionString);
            await using (reader.ConfigureAwait(false))
            {
                await reader.OpenAsync(ct).ConfigureAwait(false);
                // Nothing is confirmed until the slot exists (Status shows no position meanwhile).
                var tracker = new AckTracker(0, _counters);
                _tracker = tracker;
                long rows;
                var transaction = await reader.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    // The exported snapshot is valid only until the replication connection's next command: import it first.
                    var snapshotCatalog = new PgCatalog(reader);
                    await snapshotCatalog.ExecuteAsync($"SET TRANSACTION READ ONLY; SET TRANSACTION SNAPSHOT '{slot.SnapshotName}'", ct).ConfigureAwait(false);
                    var txId = long.Parse(await snapshotCatalog.ScalarStringAsync("SELECT txid_current()", ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                    CdcLog.SnapshotStarted(_logger, consistentPoint.ToString(), slot.SnapshotName ?? "", txId, setup.Tables.Length);
                    rows = await ReadTablesAsync(setup, snapshotCatalog, translator, sink, tracker, (ulong)consistentPoint, txId, ct).ConfigureAwait(false);
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                }
                _snapshotTable = null;
                while (!await sink.DrainAsync(tracker, TimeSpan.FromSeconds(1), ct).ConfigureAwait(false))
                    KafkaSink.ThrowIfFailed(tracker);
                KafkaSink.ThrowIfFailed(tracker);

                await using var copy = new NpgsqlCommand("SELECT pg_copy_logical_replication_slot($1, $2, false)", catalog.Connection);
                copy.Parameters.Add(new NpgsqlParameter { Value = temporarySlot });
                copy.Parameters.Add(new NpgsqlParameter { Value = _options.SlotName });
                await copy.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                CdcLog.SnapshotDone(_logger, rows, setup.Tables.Length, started.Elapsed.TotalSeconds, _options.SlotName, consistentPoint.ToString());
            }
        }
    }

    /// <summary>Reads every configured table in the snapshot transaction and hands its rows to Kafka as op <c>r</c>.</summary>
    private async Task<long> ReadTablesAsync(DatabaseSetup.Result setup, PgCatalog snapshot, ChangeTranslator translator, KafkaSink sink, AckTracker tracker, ulong lsn, long txId, CancellationToken ct)
    {
        var tx = tracker.Begin();
        var sequencer = new SnapshotSequencer<(TableSchema Table, ColumnValue[] Row, long TimestampMs)>();
        var total = 0L;
        var lastProgress = Stopwatch.StartNew();

        async Task SendAsync((TableSchema Table, ColumnValue[] Row, long TimestampMs) row, string marker)
        {
            var source = new SourceInfo(row.TimestampMs, marker, txId, lsn);
            foreach (var record in translator.Read(row.Table, row.Row, source, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))
                await sink.SendAsync(record, tracker, tx, ct).ConfigureAwait(false);
        }

        // Types and columns as of the snapshot: the catalog is read in the same transaction.
        var types = await snapshot.TypesAsync(ct).ConfigureAwait(false);
        for (var index = 0; index < setup.Tables.Length; index++)
        {
            var captured = setup.Tables[index];
            _snapshotTable = captured.Table.ToString();
            var schema = new TableSchema(captured.Table, captured.Topic, await snapshot.ColumnsAsync(captured.Oid, types, ct).ConfigureAwait(false));
            var estimate = Math.Max(0, long.Parse(await snapshot.ScalarStringAsync($"SELECT reltuples::bigint FROM pg_class WHERE oid = {captured.Oid}", ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture));
            var tableTimer = Stopwatch.StartNew();
            var tableRows = 0L;
            var readAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var columns = string.Join(", ", schema.Columns.Select(c => "\"" + c.Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
            await using var cmd = new NpgsqlCommand($"SELECT {columns} FROM {captured.Table.Quoted}", snapshot.Connection)
            {
                // Every column as PostgreSQL's text output, the same text pgoutput streams, so one conversion serves both.
                AllResultTypesAreUnknown = true,
                CommandTimeout = 0,
            };
            await using var reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var row = new ColumnValue[schema.Columns.Length];
                for (var i = 0; i < row.Length; i++)
                    row[i] = await reader.IsDBNullAsync(i, ct).ConfigureAwait(false) ? ColumnValue.Null : ColumnValue.Of(reader.GetString(i));
                _counters.AddSnapshotRow();
                tableRows++;
                total++;
                if (sequencer.Add((schema, row, readAt), index) is { } released)
                    await SendAsync(released.Row, released.Marker).ConfigureAwait(false);
                if (lastProgress.Elapsed >= _options.ProgressInterval)
                {
                    CdcLog.SnapshotProgress(_logger, captured.Table.ToString(), tableRows, Math.Max(estimate, tableRows));
                    lastProgress.Restart();
                }
            }
            CdcLog.SnapshotTableDone(_logger, captured.Table.ToString(), tableRows, tableTimer.Elapsed.TotalSeconds);
        }
        if (sequencer.Complete() is { } last) await SendAsync(last.Row, last.Marker).ConfigureAwait(false);
        return total;
    }
}
