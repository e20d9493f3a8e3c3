using System.Net.Sockets;
using Npgsql;
using Streaming.TestSupport;

namespace Streaming.Support.Tests;

public sealed class PostgresServerTests
{
    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_started_server_creates_writes_and_reads_a_table_in_a_new_database()
    {
        await using var pg = await PostgresServer.StartAsync(new PostgresOptions { Fsync = false });
        Assert.True(pg.IsRunning);
        Assert.Contains($"Port={pg.Port}", pg.ConnectionString, StringComparison.Ordinal);

        var db = await pg.CreateDatabaseAsync("shop");
        await ExecAsync(db, "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)");
        await ExecAsync(db, "INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c')");

        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        Assert.Equal("shop", conn.Database);
        await using var cmd = new NpgsqlCommand("SELECT name FROM items ORDER BY id", conn);
        var names = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        Assert.Equal(["a", "b", "c"], names);
    }

    [Fact]
    public async Task Committed_rows_survive_an_immediate_stop_and_a_restart()
    {
        await using var pg = await PostgresServer.StartAsync();
        await ExecAsync(pg.ConnectionString, "CREATE TABLE t (id int PRIMARY KEY)");
        await ExecAsync(pg.ConnectionString, "INSERT INTO t SELECT g FROM generate_series(1, 1000) g");

        await pg.StopAsync(immediate: true);
        Assert.False(pg.IsRunning);
        await Assert.ThrowsAnyAsync<Exception>(() => ScalarAsync(pg.ConnectionString, "SELECT 1"));

        await pg.RestartAsync();
        Assert.True(pg.IsRunning);
        Assert.Equal(1000, await ScalarAsync(pg.ConnectionString, "SELECT count(*) FROM t"));
        // The crash was noticed: the server ran recovery on start.
        Assert.Contains("not properly shut down", pg.ReadLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fast_stop_and_restart_keeps_the_port_and_the_data()
    {
        await using var pg = await PostgresServer.StartAsync(new PostgresOptions { Fsync = false });
        var port = pg.Port;
        await ExecAsync(pg.ConnectionString, "CREATE TABLE t (v text)");
        await ExecAsync(pg.ConnectionString, "INSERT INTO t VALUES ('kept')");
        await pg.RestartAsync();
        Assert.Equal(port, pg.Port);
        Assert.Equal(1, await ScalarAsync(pg.ConnectionString, "SELECT count(*) FROM t WHERE v = 'kept'"));
    }

    [Fact]
    public async Task Wal_level_is_logical_and_a_pgoutput_slot_streams_changes()
    {
        await using var pg = await PostgresServer.StartAsync(new PostgresOptions { Fsync = false });
        await using var conn = new NpgsqlConnection(pg.ConnectionString);
        await conn.OpenAsync();
        await using (var show = new NpgsqlCommand("SHOW wal_level", conn))
            Assert.Equal("logical", await show.ExecuteScalarAsync());

        foreach (var sql in new[]
        {
            "CREATE TABLE users (id int PRIMARY KEY, name text)",
            "CREATE PUBLICATION pub FOR TABLE users",
            "SELECT pg_create_logical_replication_slot('slot1', 'pgoutput')",
            "INSERT INTO users VALUES (1, 'ann')",
        })
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await cmd.ExecuteNonQueryAsync();
        }

        await using var peek = new NpgsqlCommand(
            "SELECT count(*) FROM pg_logical_slot_peek_binary_changes('slot1', NULL, NULL, 'proto_version', '1', 'publication_names', 'pub') WHERE get_byte(data, 0) = ascii('I')", conn);
        Assert.Equal(1L, await peek.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Disposal_stops_the_server_and_deletes_its_directory()
    {
        var pg = await PostgresServer.StartAsync(new PostgresOptions { Fsync = false });
        var dir = pg.Directory;
        var port = pg.Port;
        Assert.True(Directory.Exists(Path.Combine(dir, "data")));
        await pg.DisposeAsync();

        Assert.False(Directory.Exists(dir));
        using var client = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
