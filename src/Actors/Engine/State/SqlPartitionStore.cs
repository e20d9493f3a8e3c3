using System.Collections.Immutable;
using System.Data.Common;
using Streaming.Streams.Broker;
using Streaming.Streams.EventTime;

namespace Streaming.Engine.State;

/// <summary>
/// <see cref="IPartitionStore"/> in SQL shared by SQLite and PostgreSQL (upserts with <c>ON CONFLICT</c>, times as UTC
/// ticks). Subclasses open connections and say how writes are serialized.
/// </summary>
public abstract class SqlPartitionStore : IPartitionStore
{
    /// <summary>The SQL type of the state column.</summary>
    protected abstract string BlobType { get; }

    /// <summary>The collation that orders kinds and keys by code point, as the engine's timer cursor does.</summary>
    protected virtual string Ordinal => "";

    protected abstract DbConnection Connect();

    /// <summary>
    /// A statement that serializes table creation among nodes starting at once (PostgreSQL's concurrent
    /// <c>CREATE TABLE IF NOT EXISTS</c> can fail on its catalog's unique index), or null.
    /// </summary>
    protected virtual string? CreationLock => null;

    /// <summary>
    /// A query counting which of <see cref="SchemaObjects"/> exist. Checked after <see cref="CreationLock"/>: on PostgreSQL
    /// even <c>CREATE INDEX IF NOT EXISTS</c> of an existing index locks its table first, so a node that joins running
    /// ones would deadlock with their checkpoints (40P01) if it ran the statements again.
    /// </summary>
    protected abstract string ExistingSchemaQuery { get; }

    /// <summary>The tables and indexes the store creates.</summary>
    protected static readonly string[] SchemaObjects =
        ["streaming_partitions", "streaming_state", "streaming_state_expiry", "streaming_timers", "streaming_timers_due", "streaming_stamps"];

    /// <summary>Runs a write transaction (SQLite has one writer: its subclass queues them here instead of retrying a busy database).</summary>
    protected virtual async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = Connect();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(ct);
        return result;
    }

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var connection = Connect();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (CreationLock is { } creationLock) await ExecuteAsync(connection, transaction, creationLock, ct);
        await using (var existing = connection.CreateCommand())
        {
            existing.Transaction = transaction;
#pragma warning disable CA2100 // Constants of the subclasses.
            existing.CommandText = ExistingSchemaQuery;
#pragma warning restore CA2100
            if (Convert.ToInt32(await existing.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == SchemaObjects.Length)
            {
                await transaction.CommitAsync(ct);
                return;
            }
        }
        foreach (var statement in new[]
        {
            """
            CREATE TABLE IF NOT EXISTS streaming_partitions (
              partition_id TEXT PRIMARY KEY, epoch BIGINT NOT NULL, checkpoint_offset BIGINT NOT NULL,
              max_event_time BIGINT NULL, watermark BIGINT NULL, last_arrival BIGINT NULL,
              cluster_id TEXT NULL, topic_id TEXT NULL, owner TEXT NULL, updated_at BIGINT NOT NULL)
            """,
            $"""
            CREATE TABLE IF NOT EXISTS streaming_state (
              partition_id TEXT NOT NULL, kind TEXT NOT NULL, entity_key TEXT NOT NULL, state {BlobType} NOT NULL,
              applied_offset BIGINT NOT NULL, expires_at BIGINT NULL, PRIMARY KEY (partition_id, kind, entity_key))
            """,
            "CREATE INDEX IF NOT EXISTS streaming_state_expiry ON streaming_state (partition_id, expires_at) WHERE expires_at IS NOT NULL",
            """
            CREATE TABLE IF NOT EXISTS streaming_timers (
              partition_id TEXT NOT NULL, kind TEXT NOT NULL, entity_key TEXT NOT NULL, due BIGINT NOT NULL,
              PRIMARY KEY (partition_id, kind, entity_key))
            """,
            "CREATE INDEX IF NOT EXISTS streaming_timers_due ON streaming_timers (partition_id, due)",
            """
            CREATE TABLE IF NOT EXISTS streaming_stamps (
              partition_id TEXT NOT NULL, result_id TEXT NOT NULL, stamp BIGINT NOT NULL, produced_offset BIGINT NOT NULL,
              PRIMARY KEY (partition_id, result_id))
            """,
        })
        {
            await ExecuteAsync(connection, transaction, statement, ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string statement, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Constants of this class and its subclasses.
        command.CommandText = statement;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<StoredPartition> ReadAsync(string partitionId, CancellationToken ct = default)
    {
        await using var connection = Connect();
        await connection.OpenAsync(ct);
        return await ReadRowAsync(connection, null, partitionId, ct) ?? StoredPartition.Initial(partitionId);
    }

    public Task<PartitionOpen> OpenAsync(string partitionId, string owner, bool fresh, CancellationToken ct = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            var current = await ReadRowAsync(connection, transaction, partitionId, ct) ?? StoredPartition.Initial(partitionId);
            var opened = fresh
                ? StoredPartition.Initial(partitionId) with { Epoch = current.Epoch + 1, Owner = owner }
                : current with { Epoch = current.Epoch + 1, Owner = owner };
            if (fresh) await DropAsync(connection, transaction, partitionId, ct);
            await UpsertRowAsync(connection, transaction, opened, ct);
            var stamps = ImmutableArray.CreateBuilder<ResultStamp>();
            await using (var command = Command(connection, transaction, "SELECT result_id, stamp, produced_offset FROM streaming_stamps WHERE partition_id = @p", ("@p", partitionId)))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                    stamps.Add(new ResultStamp(reader.GetString(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), reader.GetInt64(2)));
            }
            return new PartitionOpen(opened, stamps.ToImmutable());
        }, ct);

    public Task CloseAsync(string partitionId, long epoch, CancellationToken ct = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction,
                "UPDATE streaming_partitions SET owner = NULL WHERE partition_id = @p AND epoch = @e", ("@p", partitionId), ("@e", epoch));
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task<bool> CommitAsync(CheckpointWrite write, CancellationToken ct = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            var wm = write.Watermark;
            await using (var fence = Command(connection, transaction, """
                UPDATE streaming_partitions SET checkpoint_offset = @o, max_event_time = @max, watermark = @wm, last_arrival = @arrival,
                  cluster_id = @cluster, topic_id = @topic, updated_at = @now
                WHERE partition_id = @p AND epoch = @e
                """,
                ("@o", write.Offset), ("@max", Ticks(wm.MaxEventTime)), ("@wm", wm.Watermark.UtcTicks), ("@arrival", wm.LastArrival.UtcTicks),
                ("@cluster", write.Stream?.ClusterId), ("@topic", write.Stream?.TopicId), ("@now", DateTimeOffset.UtcNow.UtcTicks),
                ("@p", write.PartitionId), ("@e", write.Epoch)))
            {
                // Fenced: the update touched no row, so nothing was written (the empty transaction just ends).
                if (await fence.ExecuteNonQueryAsync(ct) == 0) return false;
            }
            // States whose time-to-live the watermark passed go first (with their timers); a key written below is newer.
            var horizon = wm.Watermark.UtcTicks;
            // Driven by the expiry index: a correlated EXISTS would visit every timer of the partition at every checkpoint.
            await ExecuteAsync(connection, transaction, """
                DELETE FROM streaming_timers WHERE partition_id = @p AND (kind, entity_key) IN (SELECT kind, entity_key FROM streaming_state
                  WHERE partition_id = @p AND expires_at IS NOT NULL AND expires_at <= @h)
                """, ct, ("@p", write.PartitionId), ("@h", horizon));
            await ExecuteAsync(connection, transaction, "DELETE FROM streaming_state WHERE partition_id = @p AND expires_at IS NOT NULL AND expires_at <= @h",
                ct, ("@p", write.PartitionId), ("@h", horizon));
            await WriteKeyedRowsAsync(connection, transaction, write.PartitionId, write.States, """
                INSERT INTO streaming_state (partition_id, kind, entity_key, state, applied_offset, expires_at) VALUES (@p, @k, @key, @s, @a, @x)
                ON CONFLICT (partition_id, kind, entity_key) DO UPDATE SET state = excluded.state, applied_offset = excluded.applied_offset, expires_at = excluded.expires_at
                """, "streaming_state", change => (change.Kind, change.Key, change.State is { } state
                    ? [("@s", state.Bytes), ("@a", state.AppliedOffset), ("@x", Ticks(state.ExpiresAt))]
                    : null), ct);
            await WriteKeyedRowsAsync(connection, transaction, write.PartitionId, write.Timers, """
                INSERT INTO streaming_timers (partition_id, kind, entity_key, due) VALUES (@p, @k, @key, @d)
                ON CONFLICT (partition_id, kind, entity_key) DO UPDATE SET due = excluded.due
                """, "streaming_timers", timer => (timer.Kind, timer.Key, timer.Due is { } due ? [("@d", due.UtcTicks)] : null), ct);
            await ExecuteAsync(connection, transaction, "DELETE FROM streaming_stamps WHERE partition_id = @p AND produced_offset <= @o",
                ct, ("@p", write.PartitionId), ("@o", write.Offset));
            return true;
        }, ct);

    public async Task<StoredState?> LoadAsync(StateKey key, CancellationToken ct = default)
    {
        await using var connection = Connect();
        await connection.OpenAsync(ct);
        await using var command = Command(connection, null,
            "SELECT state, applied_offset, expires_at FROM streaming_state WHERE partition_id = @p AND kind = @k AND entity_key = @key",
            ("@p", key.PartitionId), ("@k", key.Kind), ("@key", key.Key));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new StoredState((byte[])reader.GetValue(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero));
    }

    public async Task<IReadOnlyList<TimerRow>> TimersAsync(string partitionId, TimerRow? after, int limit, CancellationToken ct = default)
    {
        await using var connection = Connect();
        await connection.OpenAsync(ct);
        await using var command = after is { } cursor
            ? Command(connection, null, $$"""
                SELECT kind, entity_key, due FROM streaming_timers WHERE partition_id = @p
                  AND (due > @d OR (due = @d AND (kind{{Ordinal}} > @k OR (kind = @k AND entity_key{{Ordinal}} > @key))))
                ORDER BY due, kind{{Ordinal}}, entity_key{{Ordinal}} LIMIT @n
                """, ("@p", partitionId), ("@d", cursor.Due.UtcTicks), ("@k", cursor.Kind), ("@key", cursor.Key), ("@n", limit))
            : Command(connection, null, $"SELECT kind, entity_key, due FROM streaming_timers WHERE partition_id = @p ORDER BY due, kind{Ordinal}, entity_key{Ordinal} LIMIT @n",
                ("@p", partitionId), ("@n", limit));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var timers = new List<TimerRow>();
        while (await reader.ReadAsync(ct)) timers.Add(new TimerRow(reader.GetString(0), reader.GetString(1), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero)));
        return timers;
    }

    public async Task SaveStampsAsync(string partitionId, ImmutableArray<ResultStamp> stamps, CancellationToken ct = default)
    {
        if (stamps.IsDefaultOrEmpty) return;
        await WriteAsync(async (connection, transaction) =>
        {
            await using var insert = Command(connection, transaction, """
                INSERT INTO streaming_stamps (partition_id, result_id, stamp, produced_offset) VALUES (@p, @r, @s, @o)
                ON CONFLICT (partition_id, result_id) DO NOTHING
                """, ("@p", partitionId), ("@r", ""), ("@s", 0L), ("@o", 0L));
            foreach (var stamp in stamps)
            {
                insert.Parameters["@r"].Value = stamp.ResultId;
                insert.Parameters["@s"].Value = stamp.At.UtcTicks;
                insert.Parameters["@o"].Value = stamp.Offset;
                await insert.ExecuteNonQueryAsync(ct);
            }
            return 0;
        }, ct);
    }

    public Task ResetAsync(string partitionId, CancellationToken ct = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            var current = await ReadRowAsync(connection, transaction, partitionId, ct) ?? StoredPartition.Initial(partitionId);
            await DropAsync(connection, transaction, partitionId, ct);
            await UpsertRowAsync(connection, transaction, StoredPartition.Initial(partitionId) with { Epoch = current.Epoch + 1 }, ct);
            return 0;
        }, ct);

    public async Task<long> CountStatesAsync(string partitionId, CancellationToken ct = default)
    {
        await using var connection = Connect();
        await connection.OpenAsync(ct);
        await using var command = Command(connection, null, "SELECT COUNT(*) FROM streaming_state WHERE partition_id = @p", ("@p", partitionId));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task DropAsync(DbConnection connection, DbTransaction transaction, string partitionId, CancellationToken ct)
    {
        foreach (var table in new[] { "streaming_state", "streaming_timers", "streaming_stamps" })
            await ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE partition_id = @p", ct, ("@p", partitionId));
    }

    private static async Task UpsertRowAsync(DbConnection connection, DbTransaction transaction, StoredPartition row, CancellationToken ct)
    {
        var wm = row.Watermark;
        await ExecuteAsync(connection, transaction, """
            INSERT INTO streaming_partitions (partition_id, epoch, checkpoint_offset, max_event_time, watermark, last_arrival, cluster_id, topic_id, owner, updated_at)
            VALUES (@p, @e, @o, @max, @wm, @arrival, @cluster, @topic, @owner, @now)
            ON CONFLICT (partition_id) DO UPDATE SET epoch = excluded.epoch, checkpoint_offset = excluded.checkpoint_offset,
              max_event_time = excluded.max_event_time, watermark = excluded.watermark, last_arrival = excluded.last_arrival,
              cluster_id = excluded.cluster_id, topic_id = excluded.topic_id, owner = excluded.owner, updated_at = excluded.updated_at
            """, ct,
            ("@p", row.PartitionId), ("@e", row.Epoch), ("@o", row.Offset), ("@max", Ticks(wm?.MaxEventTime)), ("@wm", wm?.Watermark.UtcTicks),
            ("@arrival", wm?.LastArrival.UtcTicks), ("@cluster", row.Stream?.ClusterId), ("@topic", row.Stream?.TopicId), ("@owner", row.Owner),
            ("@now", DateTimeOffset.UtcNow.UtcTicks));
    }

    private static async Task<StoredPartition?> ReadRowAsync(DbConnection connection, DbTransaction? transaction, string partitionId, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, """
            SELECT epoch, checkpoint_offset, max_event_time, watermark, last_arrival, cluster_id, topic_id, owner
            FROM streaming_partitions WHERE partition_id = @p
            """, ("@p", partitionId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : new DateTimeOffset(reader.GetInt64(i), TimeSpan.Zero);
        var watermark = At(3) is { } wm ? new PartitionWatermarkSnapshot(At(2), wm, At(4) ?? DateTimeOffset.MinValue) : null;
        var stream = reader.IsDBNull(5) || reader.IsDBNull(6) ? null : new StreamIdentity(reader.GetString(5), reader.GetString(6));
        return new StoredPartition(partitionId, reader.GetInt64(0), reader.GetInt64(1), watermark, stream, reader.IsDBNull(7) ? null : reader.GetString(7));
    }

    /// <summary>
    /// Upserts or deletes one row per key of the partition: <paramref name="valuesOf"/> gives a row's key and its values
    /// for <paramref name="upsert"/>, or null values when the row goes.
    /// </summary>
    private static async Task WriteKeyedRowsAsync<T>(DbConnection connection, DbTransaction transaction, string partitionId, IEnumerable<T> rows, string upsert,
        string table, Func<T, (string Kind, string Key, (string Name, object? Value)[]? Values)> valuesOf, CancellationToken ct)
    {
        await using var set = Command(connection, transaction, upsert, ("@p", partitionId), ("@k", ""), ("@key", ""));
        await using var delete = Command(connection, transaction, $"DELETE FROM {table} WHERE partition_id = @p AND kind = @k AND entity_key = @key",
            ("@p", partitionId), ("@k", ""), ("@key", ""));
        foreach (var row in rows)
        {
            var (kind, key, values) = valuesOf(row);
            var target = values is null ? delete : set;
            target.Parameters["@k"].Value = kind;
            target.Parameters["@key"].Value = key;
            foreach (var (name, value) in values ?? [])
            {
                if (target.Parameters.Contains(name)) target.Parameters[name].Value = value ?? DBNull.Value;
                else AddParameter(target, name, value);
            }
            await target.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Every statement is a constant of this class; values go in as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters) AddParameter(command, name, value);
        return command;
    }

    private static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static long? Ticks(DateTimeOffset? time) => time?.UtcTicks;
}
