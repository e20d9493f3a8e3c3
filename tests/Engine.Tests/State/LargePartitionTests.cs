using Microsoft.Data.Sqlite;
using Streaming.Analytics.Sessions;
using Streaming.Engine.Processing;
using Streaming.Engine.State;
using Streaming.Engine.Tests.Support;

namespace Streaming.Engine.Tests.State;

/// <summary>Runs alone: it measures what the process allocates, which other tests running beside it would add to.</summary>
[CollectionDefinition(nameof(Alone), DisableParallelization = true)]
public sealed class Alone;

/// <summary>
/// A partition with a million stored keys (states and timers) in SQLite: the processor opens it by reading its
/// checkpoint row and one page of timers — what opening allocates is far below what reading the keys would — and a
/// key's state is read when the key is touched.
/// </summary>
[Collection(nameof(Alone))]
public sealed class LargePartitionTests : IDisposable
{
    private const int Keys = 1_000_000;
    private static readonly DateTimeOffset T = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("streaming-large-").FullName;

    [Fact]
    public async Task A_partition_with_a_million_stored_keys_opens_without_reading_them()
    {
        var connection = $"Data Source={Path.Combine(_directory, "state.db")}";
        using var store = new SqlitePartitionStore(connection);
        await store.InitializeAsync();
        var engine = new EngineOptions { CheckpointInterval = TimeSpan.Zero, MaxBatch = int.MaxValue, LostRecords = "fail", TimersInMemory = 1_000 };
        using var driver = new ProcessorDriver<SessionEvent, UserSession>(new SessionsAnalytic(new SessionOptions(TimeSpan.FromMinutes(5))),
            store: store, engine: engine, eventTime: new EventTimeOptions { OutOfOrderness = TimeSpan.FromSeconds(5), IdleAfter = TimeSpan.FromMinutes(1) });
        await driver.StartAsync();
        await driver.StepAsync(0, InputJson.Of(new SessionEvent("e0", "u0", T, "page_view", "/", null)));
        await driver.TickAsync();
        Assert.Equal(1, await store.CountStatesAsync(driver.PartitionId));

        // A million more keys like u0, each with its state and its timer (set up in SQL: a million checkpoints would take minutes).
        await using (var db = new SqliteConnection(connection))
        {
            await db.OpenAsync();
            await using var clone = db.CreateCommand();
            clone.CommandText = """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $keys)
                INSERT INTO streaming_state SELECT s.partition_id, s.kind, 'c' || n.i, s.state, s.applied_offset, s.expires_at FROM streaming_state s, n WHERE s.entity_key = 'u0';
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $keys)
                INSERT INTO streaming_timers SELECT t.partition_id, t.kind, 'c' || n.i, t.due FROM streaming_timers t, n WHERE t.entity_key = 'u0';
                """;
            clone.Parameters.AddWithValue("$keys", Keys);
            await clone.ExecuteNonQueryAsync();
        }
        Assert.Equal(Keys + 1, await store.CountStatesAsync(driver.PartitionId));
        var u0 = await store.LoadAsync(new StateKey(driver.PartitionId, SessionFunction.KindName, "u0"));
        Assert.NotNull(u0);

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var resumed = await driver.CrashAsync();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(1, resumed);
        // Reading a million keys would allocate hundreds of MB (a string key, a state array and a row per key).
        Assert.True(allocated < 32L * 1024 * 1024, $"opening allocated {allocated / 1024 / 1024} MB");
        var touched = await driver.Backend.LoadAsync(new StateKey(driver.PartitionId, SessionFunction.KindName, "c777777"));
        Assert.Equal(u0.Bytes, touched?.Bytes);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
