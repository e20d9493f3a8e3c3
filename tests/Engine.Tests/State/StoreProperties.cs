using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Npgsql;
using Streaming.Engine.State;
using Streaming.TestSupport;

namespace Streaming.Engine.Tests.State;

/// <summary>The SQLite backend against the dictionary model, across restarts, fenced writers and crashed commits.</summary>
public sealed class SqliteStoreProperties : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streaming-store-").FullName;

    [Property(MaxTest = 100)]
    public Property Every_answer_of_the_store_is_the_models() =>
        Prop.ForAll(StoreOperation.Lives, life =>
        {
            var connection = $"Data Source={Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db")};Pooling=False";
            new StoreModelCheck(() => new SqlitePartitionStore(connection)).RunAsync(life).GetAwaiter().GetResult();
        });

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

/// <summary>A PostgreSQL server (Debian's, in a temp directory) for the backend's properties.</summary>
public sealed class PostgresStoreFixture : IAsyncLifetime
{
    private NpgsqlDataSource? _current;

    public PostgresServer Server { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.StartAsync(new PostgresOptions { Fsync = false });
        ConnectionString = await Server.CreateDatabaseAsync("state");
    }

    /// <summary>A store on a new connection pool (a restarted node); the previous pool is closed, as a stopped node's would be.</summary>
    public IPartitionStore Connect()
    {
        _current?.Dispose();
        _current = NpgsqlDataSource.Create(ConnectionString);
        return new PostgresPartitionStore(_current);
    }

    public async Task DisposeAsync()
    {
        if (_current is not null) await _current.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>The PostgreSQL backend against the same model.</summary>
public sealed class PostgresStoreProperties(PostgresStoreFixture postgres) : IClassFixture<PostgresStoreFixture>
{
    [Property(MaxTest = 40)]
    public Property Every_answer_of_the_store_is_the_models() =>
        Prop.ForAll(StoreOperation.Lives, life => new StoreModelCheck(postgres.Connect).RunAsync(life).GetAwaiter().GetResult());
}

/// <summary>A node joining running ones creates no table again: it must not wait for (or deadlock with) their checkpoints.</summary>
public sealed class PostgresStoreSchema(PostgresStoreFixture postgres) : IClassFixture<PostgresStoreFixture>
{
    [Fact]
    public async Task A_store_initialized_while_another_node_writes_returns_without_waiting_for_its_transaction()
    {
        await postgres.Connect().InitializeAsync();
        await using var writer = new NpgsqlConnection(postgres.ConnectionString);
        await writer.OpenAsync();
        await using var running = await writer.BeginTransactionAsync();
        // A checkpoint in flight on another node: it holds its tables' row-exclusive locks until it commits.
        await using (var insert = new NpgsqlCommand("INSERT INTO streaming_timers (partition_id, kind, entity_key, due) VALUES ('t-0', 'k', 'a', 1)", writer, running))
            await insert.ExecuteNonQueryAsync();

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await postgres.Connect().InitializeAsync(patience.Token);
        await running.RollbackAsync();
    }
}
