using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Streaming.Streams.Cdc;

/// <summary>
/// Checks the database before anything is captured (reachable, wal_level=logical, replication privilege, the
/// tables exist) and prepares it: the publication for the tables, REPLICA IDENTITY FULL when configured.
/// </summary>
internal static class DatabaseSetup
{
    /// <summary>A captured table.</summary>
    public sealed record CapturedTable(TableId Table, string Topic, uint Oid);

    /// <summary>What the checks found.</summary>
    public sealed record Result(string Database, ImmutableArray<CapturedTable> Tables, bool SlotExists);

    public static async Task<Result> PrepareAsync(CdcOptions options, CdcOptionsValidator.Validated validated, ILogger logger, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(validated.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or System.Net.Sockets.SocketException)
            {
                throw PgErrors.Unreachable(validated.Host, ex);
            }
            try
            {
                return await PrepareAsync(options, validated, new PgCatalog(connection), logger, ct).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (PgErrors.Configuration(ex) is { } cdc)
            {
                throw cdc;
            }
        }
    }

    private static async Task<Result> PrepareAsync(CdcOptions options, CdcOptionsValidator.Validated validated, PgCatalog catalog, ILogger logger, CancellationToken ct)
    {
        var walLevel = await catalog.ScalarStringAsync("SHOW wal_level", ct).ConfigureAwait(false);
        if (walLevel != "logical")
            throw new CdcException(CdcFailure.WalLevelNotLogical,
                $"PostgreSQL at {validated.Host} has wal_level={walLevel}, logical decoding needs wal_level=logical: set it in postgresql.conf (or ALTER SYSTEM SET wal_level = logical) and restart PostgreSQL");
        var canReplicate = await catalog.ScalarStringAsync("SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user", ct).ConfigureAwait(false);
        if (!string.Equals(canReplicate, "True", StringComparison.OrdinalIgnoreCase))
            throw new CdcException(CdcFailure.PermissionDenied,
                $"User '{catalog.Connection.UserName}' may not use replication: ALTER ROLE {catalog.Connection.UserName} REPLICATION (or connect as a superuser)");
        var database = await catalog.ScalarStringAsync("SELECT current_database()", ct).ConfigureAwait(false);
        var slotExists = await catalog.SlotConfirmedLsnAsync(options.SlotName, ct).ConfigureAwait(false) is not null;

        var tables = ImmutableArray.CreateBuilder<CapturedTable>();
        foreach (var (table, topic) in validated.Tables)
        {
            var row = await catalog.FindTableAsync(table, ct).ConfigureAwait(false);
            if (row is null || row.Kind is not ('r' or 'p'))
                throw new CdcException(CdcFailure.TableMissing,
                    $"Table {table} does not exist in database {database}: create it, or remove it from CdcOptions.Tables (Streaming:Cdc:Tables)");
            if (row.ReplicaIdentity != 'f')
            {
                if (options.SetReplicaIdentityFull)
                {
                    await catalog.ExecuteAsync($"ALTER TABLE {table.Quoted} REPLICA IDENTITY FULL", ct).ConfigureAwait(false);
                    CdcLog.ReplicaIdentitySet(logger, table.ToString(), IdentityName(row.ReplicaIdentity));
                }
                else
                {
                    CdcLog.ReplicaIdentityKept(logger, table.ToString(), IdentityName(row.ReplicaIdentity));
                }
            }
            tables.Add(new CapturedTable(table, topic, row.Oid));
        }

        await EnsurePublicationAsync(options, tables, catalog, slotExists, logger, ct).ConfigureAwait(false);
        CdcLog.Connected(logger, validated.Host, catalog.Connection.PostgreSqlVersion.ToString(), database, string.Join(", ", tables.Select(t => $"{t.Table} → {t.Topic}")));
        return new Result(database, tables.ToImmutable(), slotExists);
    }

    private static async Task EnsurePublicationAsync(CdcOptions options, IReadOnlyList<CapturedTable> tables, PgCatalog catalog, bool slotExists, ILogger logger, CancellationToken ct)
    {
        var publication = "\"" + options.PublicationName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var exists = new NpgsqlCommand("SELECT puballtables FROM pg_publication WHERE pubname = $1", catalog.Connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = options.PublicationName });
        var allTables = await exists.ExecuteScalarAsync(ct).ConfigureAwait(false);
        if (allTables is null)
        {
            // Without TRUNCATE: Debezium skips truncates by default, and the publication should not send what is
            // dropped. Through the partition root: a partitioned table's changes then arrive under its own name.
            await catalog.ExecuteAsync(
                $"CREATE PUBLICATION {publication} FOR TABLE {string.Join(", ", tables.Select(t => t.Table.Quoted))} WITH (publish = 'insert, update, delete', publish_via_partition_root = true)",
                ct).ConfigureAwait(false);
            CdcLog.PublicationCreated(logger, options.PublicationName, string.Join(", ", tables.Select(t => t.Table.ToString())));
            return;
        }
        if (allTables is true) return;
        await using var members = new NpgsqlCommand("SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = $1", catalog.Connection);
        members.Parameters.Add(new NpgsqlParameter { Value = options.PublicationName });
        var present = new HashSet<TableId>();
        await using (var reader = await members.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) present.Add(new TableId(reader.GetString(0), reader.GetString(1)));
        }
        foreach (var table in tables.Where(t => !present.Contains(t.Table)))
        {
            await catalog.ExecuteAsync($"ALTER PUBLICATION {publication} ADD TABLE {table.Table.Quoted}", ct).ConfigureAwait(false);
            if (slotExists) CdcLog.PublicationExtended(logger, table.Table.ToString(), options.PublicationName, options.SlotName);
            else CdcLog.PublicationCreated(logger, options.PublicationName, table.Table.ToString());
        }
    }

    private static string IdentityName(char identity) => identity switch
    {
        'd' => "DEFAULT",
        'n' => "NOTHING",
        'i' => "USING INDEX",
        _ => "FULL",
    };
}
