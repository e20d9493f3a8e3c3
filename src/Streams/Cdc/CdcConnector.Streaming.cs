using Npgsql;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;
using NpgsqlTypes;

namespace Streaming.Streams.Cdc;

public sealed partial class CdcConnector
{
    /// <summary>
    /// Streams the slot from its confirmed position until <paramref name="ct"/> is cancelled (returns) or something
    /// fails (throws). Records go to Kafka as the stream is read; a separate loop confirms to PostgreSQL, every
    /// <see cref="CdcOptions.StatusInterval"/>, the end of the newest transaction Kafka has fully acknowledged.
    /// </summary>
    private async Task StreamAsync(CdcOptionsValidator.Validated validated, DatabaseSetup.Result setup, ChangeTranslator translator, KafkaSink sink,
        NpgsqlLogSequenceNumber confirmed, Action onStreaming, CancellationToken ct)
    {
        var catalogConnection = new NpgsqlConnection(validated.ConnectionString);
        await using (catalogConnection.ConfigureAwait(false))
        {
            await catalogConnection.OpenAsync(ct).ConfigureAwait(false);
            var relations = new RelationCache(setup.Tables.ToDictionary(t => t.Table, t => t.Topic), new PgCatalog(catalogConnection));
            var replication = new LogicalReplicationConnection(validated.ReplicationConnectionString);
            await using (replication.ConfigureAwait(false))
            {
                await replication.Open(ct).ConfigureAwait(false);
                replication.WalReceiverStatusInterval = _options.StatusInterval;
                var tracker = new AckTracker((ulong)confirmed, _counters);
                _tracker = tracker;
                _received = () => replication.LastReceivedLsn;
                using var stop = new CancellationTokenSource();
                // A session that has lived one status interval counts as recovered: the next failure waits the
                // initial reconnect delay again (an idle stream may deliver no message to show it).
                var session = new StreamSession(this, replication, tracker, sink, stop, onStreaming);
                var status = session.RunStatusLoopAsync(ct);
                var stream = replication.StartReplication(
                    new PgOutputReplicationSlot(_options.SlotName),
                    new PgOutputReplicationOptions(_options.PublicationName, PgOutputProtocolVersion.V1),
                    stop.Token);
                _phase = CdcPhase.Streaming;
                CdcLog.StreamingStarted(_logger, _options.SlotName, confirmed.ToString());
                try
                {
                    await ReadStreamAsync(stream, relations, translator, session, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                finally
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    await status.ConfigureAwait(false);
                }
                KafkaSink.ThrowIfFailed(tracker);
                if (ct.IsCancellationRequested)
                {
                    var left = tracker.InFlight;
                    CdcLog.Stopped(_logger, new NpgsqlLogSequenceNumber(tracker.Confirmed).ToString(), left == 0 ? "" : $"; {left} records not acknowledged in time are delivered again on the next start");
                    return;
                }
                throw new IOException("The replication stream ended without being asked to.");
            }
        }
    }

    private async Task ReadStreamAsync(IAsyncEnumerable<PgOutputReplicationMessage> stream, RelationCache relations, ChangeTranslator translator,
        StreamSession session, CancellationToken ct)
    {
        var tracker = session.Tracker;
        AckTracker.Transaction? tx = null;
        long? xid = null;
        var commitMs = 0L;
        var commitTime = DateTimeOffset.MinValue;

        async Task SendAsync(IEnumerable<OutgoingRecord> records)
        {
            foreach (var record in records) await session.Sink.SendAsync(record, tracker, tx!, ct).ConfigureAwait(false);
        }

        SourceInfo Source(PgOutputReplicationMessage message) => new(commitMs, SnapshotMarker.Streaming, xid, (ulong)message.WalStart);
        long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await foreach (var message in stream.ConfigureAwait(false))
        {
            switch (message)
            {
                case BeginMessage begin:
                    // A graceful stop lets what is in flight finish and reads no further transaction.
                    if (session.Draining) await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                    tx = tracker.Begin();
                    xid = begin.TransactionXid;
                    commitTime = new DateTimeOffset(DateTime.SpecifyKind(begin.TransactionCommitTimestamp, DateTimeKind.Utc));
                    commitMs = commitTime.ToUnixTimeMilliseconds();
                    break;
                case RelationMessage relation:
                    if (await relations.UpdateAsync(relation, ct).ConfigureAwait(false) is { } changed)
                        CdcLog.RelationChanged(_logger, changed.Table.ToString(), relation.RelationId, string.Join(", ", changed.Columns.Select(c => c.Name)));
                    break;
                case InsertMessage or UpdateMessage or DeleteMessage:
                    await SendAsync(await TranslateAsync(message, relations, translator, Source(message), Now(), ct).ConfigureAwait(false)).ConfigureAwait(false);
                    break;
                case TruncateMessage truncate:
                    var captured = new List<string>();
                    foreach (var relation in truncate.Relations)
                        if (await relations.GetAsync(relation, ct).ConfigureAwait(false) is { } truncated) captured.Add(truncated.Table.ToString());
                    if (captured.Count > 0) CdcLog.TruncateSkipped(_logger, string.Join(", ", captured), truncate.WalStart.ToString());
                    break;
                case CommitMessage commit:
                    if (tx is not null) tracker.Commit(tx, (ulong)commit.TransactionEndLsn, commitTime);
                    tx = null;
                    xid = null;
                    break;
            }
        }
    }

    /// <summary>The records of one row change; none for relations the connector does not capture.</summary>
    private static async Task<IEnumerable<OutgoingRecord>> TranslateAsync(PgOutputReplicationMessage message, RelationCache relations, ChangeTranslator translator,
        SourceInfo source, long now, CancellationToken ct)
    {
        var relation = message switch
        {
            InsertMessage m => m.Relation,
            UpdateMessage m => m.Relation,
            DeleteMessage m => m.Relation,
            _ => null,
        };
        if (relation is null || await relations.GetAsync(relation, ct).ConfigureAwait(false) is not { } table) return [];
        switch (message)
        {
            case InsertMessage insert:
                return translator.Insert(table, await RowReader.ReadAsync(insert.NewRow, table, keyOnly: false, ct).ConfigureAwait(false), source, now);
            case FullUpdateMessage update:
            {
                // The old row precedes the new one in the message: read them in that order.
                var before = await RowReader.ReadAsync(update.OldRow, table, keyOnly: false, ct).ConfigureAwait(false);
                var after = await RowReader.ReadAsync(update.NewRow, table, keyOnly: false, ct).ConfigureAwait(false);
                return translator.Update(table, before, oldIsFull: true, after, source, now);
            }
            case IndexUpdateMessage update:
            {
                var key = await RowReader.ReadAsync(update.Key, table, keyOnly: true, ct).ConfigureAwait(false);
                var after = await RowReader.ReadAsync(update.NewRow, table, keyOnly: false, ct).ConfigureAwait(false);
                return translator.Update(table, key, oldIsFull: false, after, source, now);
            }
            case UpdateMessage update:
                return translator.Update(table, null, oldIsFull: false, await RowReader.ReadAsync(update.NewRow, table, keyOnly: false, ct).ConfigureAwait(false), source, now);
            case FullDeleteMessage delete:
                return translator.Delete(table, await RowReader.ReadAsync(delete.OldRow, table, keyOnly: false, ct).ConfigureAwait(false), source, now);
            case KeyDeleteMessage delete:
                return translator.Delete(table, await RowReader.ReadAsync(delete.Key, table, keyOnly: true, ct).ConfigureAwait(false), source, now);
            default:
                return [];
        }
    }

    /// <summary>One replication session: the confirmation loop and the graceful stop.</summary>
    private sealed class StreamSession(CdcConnector owner, LogicalReplicationConnection replication, AckTracker tracker, KafkaSink sink, CancellationTokenSource stop, Action onHealthy)
    {
        private volatile bool _draining;

        public AckTracker Tracker => tracker;

        public KafkaSink Sink => sink;

        /// <summary>Stopping: no new transaction is read.</summary>
        public bool Draining => _draining;

        /// <summary>
        /// Every status interval: confirm what Kafka acknowledged; end the session when a delivery failed. On
        /// <paramref name="ct"/>: stop reading new transactions, wait for Kafka up to the shutdown timeout, confirm,
        /// and end the session.
        /// </summary>
        public async Task RunStatusLoopAsync(CancellationToken ct)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, stop.Token);
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(owner._options.StatusInterval, linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    if (stop.IsCancellationRequested) return;
                    if (ct.IsCancellationRequested)
                    {
                        _draining = true;
                        await sink.DrainAsync(tracker, owner._options.ShutdownTimeout, CancellationToken.None).ConfigureAwait(false);
                        await ConfirmAsync().ConfigureAwait(false);
                        await stop.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                    if (tracker.Failure is not null)
                    {
                        await stop.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                    await ConfirmAsync().ConfigureAwait(false);
                    onHealthy();
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException or ObjectDisposedException)
            {
                // The replication connection broke; the reading loop sees that too and the session ends.
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }

        private async Task ConfirmAsync()
        {
            // Read the received position before looking at what is open (AckTracker.AdvanceIdle explains why).
            var received = (ulong)replication.LastReceivedLsn;
            var moved = tracker.Advance();
            moved |= tracker.AdvanceIdle(received);
            if (!moved) return;
            var lsn = new NpgsqlLogSequenceNumber(tracker.Confirmed);
            replication.SetReplicationStatus(lsn);
            await replication.SendStatusUpdate(CancellationToken.None).ConfigureAwait(false);
            CdcLog.Confirmed(owner._logger, lsn.ToString());
        }
    }
}
