using System.Data.Common;
using Npgsql;

namespace Streaming.Engine.State;

/// <summary>The backend in PostgreSQL: transactions of different partitions run concurrently.</summary>
public sealed class PostgresPartitionStore(NpgsqlDataSource dataSource) : SqlPartitionStore
{
    protected override string BlobType => "BYTEA";

    protected override string Ordinal => " COLLATE \"C\"";

    // Any constant key: the lock lasts until the creating transaction ends.
    protected override string CreationLock => "SELECT pg_advisory_xact_lock(5318008)";

    protected override string ExistingSchemaQuery { get; } =
        "SELECT " + string.Join(" + ", SchemaObjects.Select(o => $"(to_regclass('{o}') IS NOT NULL)::int"));

    protected override DbConnection Connect() => dataSource.CreateConnection();
}
