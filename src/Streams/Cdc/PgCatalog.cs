using System.Collections.Immutable;
using Npgsql;
using NpgsqlTypes;

namespace Streaming.Streams.Cdc;

/// <summary>The catalog queries the connector needs, on one ordinary (not replication) connection.</summary>
internal sealed class PgCatalog(NpgsqlConnection connection)
{
    /// <summary>A table's row in pg_class: its oid, replica identity (d, n, f, i) and kind (r, p, …).</summary>
    public sealed record TableRow(uint Oid, char ReplicaIdentity, char Kind);

    public NpgsqlConnection Connection => connection;

    public async Task<string> ScalarStringAsync(string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    public async Task<TableRow?> FindTableAsync(TableId table, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT c.oid, c.relreplident, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
            connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = table.Schema });
        cmd.Parameters.Add(new NpgsqlParameter { Value = table.Name });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
        return new TableRow(reader.GetFieldValue<uint>(0), reader.GetChar(1), reader.GetChar(2));
    }

    /// <summary>The table's columns as pgoutput sends them (attribute order, without dropped and generated
    /// columns), with their types resolved and primary-key membership.</summary>
    public async Task<ImmutableArray<ColumnInfo>> ColumnsAsync(uint tableOid, PgTypes types, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            SELECT a.attname, a.atttypid, a.atttypmod,
                   COALESCE(a.attnum = ANY(i.indkey), false) AS is_key
            FROM pg_attribute a
            LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
            WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            ORDER BY a.attnum
            """,
            connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tableOid, NpgsqlDbType = NpgsqlDbType.Oid });
        var columns = ImmutableArray.CreateBuilder<ColumnInfo>();
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var type = types.Resolve(reader.GetFieldValue<uint>(1), reader.GetInt32(2));
            columns.Add(new ColumnInfo(reader.GetString(0), type, reader.GetBoolean(3), false));
        }
        return columns.ToImmutable();
    }

    /// <summary>Names of the table's primary-key columns (empty without a primary key).</summary>
    public async Task<ImmutableHashSet<string>> PrimaryKeyAsync(uint tableOid, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1 AND i.indisprimary",
            connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tableOid, NpgsqlDbType = NpgsqlDbType.Oid });
        var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) names.Add(reader.GetString(0));
        return names.ToImmutable();
    }

    /// <summary>Enums, domains and arrays of user types (the built-in ones have fixed OIDs).</summary>
    public async Task<PgTypes> TypesAsync(CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            SELECT oid, typtype,
                   CASE WHEN typtype = 'd' THEN typbasetype WHEN typcategory = 'A' THEN typelem ELSE 0 END,
                   typtypmod
            FROM pg_type
            WHERE oid >= 16384 AND (typtype IN ('d', 'e') OR typcategory = 'A')
            """,
            connection);
        var types = new List<PgTypes.UserType>();
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            types.Add(new PgTypes.UserType(reader.GetFieldValue<uint>(0), reader.GetChar(1), reader.GetFieldValue<uint>(2), reader.GetInt32(3)));
        return new PgTypes(types);
    }

    /// <summary>The slot's confirmed position, or null when the slot does not exist. A slot of another plugin or
    /// database is an error: reusing it would stream something else.</summary>
    public async Task<NpgsqlLogSequenceNumber?> SlotConfirmedLsnAsync(string slot, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT confirmed_flush_lsn, plugin, database, slot_type FROM pg_replication_slots WHERE slot_name = $1", connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = slot });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
        var plugin = reader.IsDBNull(1) ? null : reader.GetString(1);
        var database = reader.IsDBNull(2) ? null : reader.GetString(2);
        if (plugin != "pgoutput" || database != connection.Database)
            throw new CdcException(CdcFailure.InvalidOptions,
                $"Replication slot '{slot}' exists but belongs to plugin '{plugin}' in database '{database}': choose another CdcOptions.SlotName (Streaming:Cdc:SlotName) or drop that slot.");
        return reader.IsDBNull(0) ? new NpgsqlLogSequenceNumber(0) : reader.GetFieldValue<NpgsqlLogSequenceNumber>(0);
    }

    /// <summary>The server's current WAL position and the slot's confirmed position (null when the slot is missing).</summary>
    public async Task<(NpgsqlLogSequenceNumber Current, NpgsqlLogSequenceNumber? Confirmed)> WalPositionsAsync(string slot, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT pg_current_wal_lsn(), (SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = $1)", connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = slot });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        var current = reader.GetFieldValue<NpgsqlLogSequenceNumber>(0);
        return (current, reader.IsDBNull(1) ? null : reader.GetFieldValue<NpgsqlLogSequenceNumber>(1));
    }

    public async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
