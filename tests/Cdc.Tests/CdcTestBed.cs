using System.Text.Json.Nodes;
using Npgsql;
using Streaming.Streams.Kafka;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Streams.Cdc.Tests;

/// <summary>
/// Real parts for one test: Debian's PostgreSQL (wal_level=logical) in a temp dir with a database <c>shop</c>,
/// librdkafka's mock broker, and Debian's kcat to read what landed. Disposal stops both servers.
/// </summary>
internal sealed class CdcTestBed : IAsyncDisposable
{
    private readonly ITestOutputHelper? _output;

    private CdcTestBed(PostgresServer postgres, EmbeddedKafkaCluster kafka, string connectionString, ITestOutputHelper? output)
    {
        Postgres = postgres;
        Kafka = kafka;
        ConnectionString = connectionString;
        _output = output;
    }

    public PostgresServer Postgres { get; }

    public EmbeddedKafkaCluster Kafka { get; }

    public string ConnectionString { get; }

    public string Bootstrap => Kafka.BootstrapServers;

    public static async Task<CdcTestBed> StartAsync(ITestOutputHelper? output = null, PostgresOptions? postgres = null, bool fsync = false)
    {
        var server = await PostgresServer.StartAsync((postgres ?? new PostgresOptions()) with { Fsync = fsync });
        try
        {
            var cs = await server.CreateDatabaseAsync("shop");
            return new CdcTestBed(server, EmbeddedKafkaCluster.Start(), cs, output);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Options for this bed's database and a fast status interval.</summary>
    public CdcOptions Options(params string[] tables) => new()
    {
        ConnectionString = ConnectionString,
        Tables = tables,
        StatusInterval = TimeSpan.FromMilliseconds(100),
        ReconnectDelay = TimeSpan.FromMilliseconds(200),
        MaxReconnectDelay = TimeSpan.FromSeconds(2),
    };

    public void CreateTopic(string topic, int partitions = 3) => Kafka.CreateTopic(topic, partitions);

    public async Task ExecAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var cmd = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
            await cmd.ExecuteNonQueryAsync();
        }
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Starts <see cref="CdcConnector.RunAsync"/> on its own producer; dispose the handle to stop it.</summary>
    public RunningConnector Run(CdcOptions options) => new(CdcConnector.Create(options, Bootstrap, loggerFactory: new TestLoggerFactory(_output)));

    /// <summary>Every record of the topic, read with Debian's kcat and JSON-parsed (null value = tombstone).</summary>
    public IReadOnlyList<TopicRecord> ReadTopic(string topic) => TopicRecord.ReadWithKcat(Bootstrap, topic);

    /// <summary>Waits until PostgreSQL reports the slot confirmed up to the server's current WAL position, i.e.
    /// everything written so far is acknowledged by Kafka (asked of PostgreSQL, not of the connector).</summary>
    public async Task WaitUntilCaughtUpAsync(string slot = "streaming_cdc", TimeSpan? timeout = null)
    {
        var lag = await Eventually.Value(
            () => ScalarAsync<decimal?>($"SELECT pg_current_wal_lsn() - confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '{slot}'"),
            bytes => bytes is <= 0,
            timeout ?? TimeSpan.FromSeconds(120), $"slot {slot} is confirmed up to pg_current_wal_lsn()", TimeSpan.FromMilliseconds(100));
        Log($"caught up (lag {lag} bytes)");
    }

    public void Log(string line) => _output?.WriteLine(line);

    public async ValueTask DisposeAsync()
    {
        Kafka.Dispose();
        await Postgres.DisposeAsync();
    }

    /// <summary>A connector running in the test process.</summary>
    internal sealed class RunningConnector : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public RunningConnector(CdcConnector connector)
        {
            Connector = connector;
            Run = Task.Run(() => connector.RunAsync(_stop.Token));
        }

        public CdcConnector Connector { get; }

        public Task Run { get; }

        /// <summary>Graceful stop: cancel and wait for RunAsync to return.</summary>
        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Run.WaitAsync(TimeSpan.FromSeconds(60));
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await Run.WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (Exception ex) when (ex is not TimeoutException)
            {
                // The test asserted on what mattered; the run's own failure shows in its status.
            }
            Connector.Dispose();
            _stop.Dispose();
        }
    }
}

/// <summary>A record as kcat printed it, with key and value parsed as JSON.</summary>
internal sealed record TopicRecord(int Partition, long Offset, string? RawKey, string? RawValue, string Headers)
{
    private const char Sep = '\u001f';
    private const char End = '\u001e';

    public JsonNode? Key => RawKey is null ? null : JsonNode.Parse(RawKey);

    public JsonObject? Value => RawValue is null ? null : JsonNode.Parse(RawValue)!.AsObject();

    public bool IsTombstone => RawValue is null;

    public string? Op => Value?["op"]?.GetValue<string>();

    public long Lsn => Value!["source"]!["lsn"]!.GetValue<long>();

    public static IReadOnlyList<TopicRecord> ReadWithKcat(string bootstrap, string topic)
    {
        // -Z prints null keys and values as NULL, so a tombstone differs from an empty value.
        var output = Kcat.Run(["-b", bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-Z", "-f", $"%p{Sep}%o{Sep}%k{Sep}%h{Sep}%s{End}"]);
        var records = new List<TopicRecord>();
        foreach (var chunk in output.Split(End, StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = chunk.Split(Sep);
            if (parts.Length < 5) continue;
            records.Add(new TopicRecord(int.Parse(parts[0]), long.Parse(parts[1]), parts[2] == "NULL" ? null : parts[2],
                parts[4] == "NULL" ? null : parts[4], parts[3]));
        }
        return records;
    }
}
