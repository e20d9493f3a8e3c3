using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Streaming.Engine.State;

/// <summary>
/// The backend in a SQLite file (WAL mode): reads run concurrently; writes are queued here, because SQLite lets one
/// transaction hold the write lock and Microsoft.Data.Sqlite answers a busy database by sleeping before it retries.
/// </summary>
public sealed class SqlitePartitionStore(string connectionString) : SqlPartitionStore, IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    protected override string BlobType => "BLOB";

    protected override string ExistingSchemaQuery { get; } =
        $"SELECT count(*) FROM sqlite_master WHERE name IN ({string.Join(", ", SchemaObjects.Select(o => $"'{o}'"))})";

    protected override DbConnection Connect() => new SqliteConnection(connectionString);

    protected override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        await _writer.WaitAsync(ct);
        try
        {
            return await base.WriteAsync(work, ct);
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose() => _writer.Dispose();
}
