using System.Text.Json.Nodes;
using Streaming.TestSupport;
using Xunit.Abstractions;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Streaming.Streams.Cdc.Tests;

public sealed class SnapshotAndStreamingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Snapshot_then_interleaved_multi_row_transactions_equal_a_naive_reference_read_with_kcat()
    {
        await using var bed = await CdcTestBed.StartAsync(output);
        bed.CreateTopic("streaming.users");
        bed.CreateTopic("streaming.orders");
        await bed.ExecAsync(ShopReference.CreateTables);
        var reference = new ShopReference();
        var workload = new ShopWorkload(reference, seed: 7);
        await workload.SeedAsync(bed.ConnectionString, users: 30, orders: 60);

        await using var run = bed.Run(bed.Options("public.users", "public.orders"));
        // Changes written while the snapshot runs are the other test's subject; here the reference needs them after it.
        await Eventually.Until(() => run.Connector.Status.Phase == CdcPhase.Streaming, TimeSpan.FromSeconds(120), "the connector streams");
        await workload.RunAsync(bed.ConnectionString, transactions: 60);
        await bed.WaitUntilCaughtUpAsync();

        var users = bed.ReadTopic("streaming.users");
        var orders = bed.ReadTopic("streaming.orders");
        TopicAssert.MatchesReference(users, reference.Records["streaming.users"]);
        TopicAssert.MatchesReference(orders, reference.Records["streaming.orders"]);

        // Debezium's snapshot markers: one "first" (first row read, users), "last_in_data_collection" closing
        // users, "first_in_data_collection" opening orders, one "last" (last row read), "true" between.
        Assert.Equal(
            new Dictionary<string, int> { ["first"] = 1, ["last_in_data_collection"] = 1, ["true"] = 28 },
            Markers(users));
        Assert.Equal(
            new Dictionary<string, int> { ["first_in_data_collection"] = 1, ["last"] = 1, ["true"] = 58 },
            Markers(orders));

        var snapshotLsn = users.First(r => r.Op == "r").Lsn;
        Assert.All(users.Concat(orders).Where(r => r.Op == "r"), r => Assert.Equal(snapshotLsn, r.Lsn));
        Assert.All(users.Concat(orders).Where(r => r is { IsTombstone: false } && r.Op != "r"), r => Assert.True(r.Lsn > snapshotLsn));

        var change = orders.First(r => r.Op == "u").Value!;
        var source = change["source"]!.AsObject();
        Assert.Equal("postgresql", source["connector"]!.GetValue<string>());
        Assert.Equal("streaming", source["name"]!.GetValue<string>());
        Assert.Equal("shop", source["db"]!.GetValue<string>());
        Assert.Equal("public", source["schema"]!.GetValue<string>());
        Assert.Equal("orders", source["table"]!.GetValue<string>());
        Assert.Equal("false", source["snapshot"]!.GetValue<string>());
        Assert.StartsWith("streaming-cdc/", source["version"]!.GetValue<string>());
        Assert.True(source["txId"]!.GetValue<long>() > 0);
        var committed = DateTimeOffset.FromUnixTimeMilliseconds(source["ts_ms"]!.GetValue<long>());
        var processed = DateTimeOffset.FromUnixTimeMilliseconds(change["ts_ms"]!.GetValue<long>());
        Assert.InRange(committed, DateTimeOffset.UtcNow.AddMinutes(-10), processed.AddSeconds(1));

        // All changes of one transaction carry its xid, and distinct transactions distinct xids.
        var byTx = users.Concat(orders).Where(r => r is { IsTombstone: false } && r.Op != "r")
            .GroupBy(r => r.Value!["source"]!["txId"]!.GetValue<long>()).ToList();
        Assert.Equal(60, byTx.Count);

        var status = run.Connector.Status;
        Assert.Equal(CdcPhase.Streaming, status.Phase);
        Assert.Equal(users.Count(r => !r.IsTombstone) + orders.Count(r => !r.IsTombstone), status.ChangesPublished);
        Assert.Equal(users.Count(r => r.IsTombstone) + orders.Count(r => r.IsTombstone), status.TombstonesPublished);
        Assert.Equal(90, status.SnapshotRows);
    }

    [Fact]
    public async Task Writes_racing_the_snapshot_continue_right_after_it_with_no_gap_and_no_overlap()
    {
        await using var bed = await CdcTestBed.StartAsync(output);
        bed.CreateTopic("streaming.counters", 1);
        bed.CreateTopic("streaming.filler", 4);
        await bed.ExecAsync(
            "CREATE TABLE counters (id int PRIMARY KEY, n bigint NOT NULL)",
            "INSERT INTO counters SELECT g, 0 FROM generate_series(1, 20) g",
            // A big first table keeps the snapshot busy while the counters move.
            "CREATE TABLE filler (id int PRIMARY KEY, pad text NOT NULL)",
            "INSERT INTO filler SELECT g, repeat('x', 200) FROM generate_series(1, 40000) g");

        using var stopWriting = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            var random = new Random(3);
            while (!stopWriting.IsCancellationRequested)
            {
                await bed.ExecAsync($"UPDATE counters SET n = n + 1 WHERE id = {random.Next(1, 21)}");
                writes++;
            }
        });
        await Eventually.Until(() => writes > 20, TimeSpan.FromSeconds(30), "the writer is running");
        await using var run = bed.Run(bed.Options("public.filler", "public.counters"));
        await Eventually.Until(() => run.Connector.Status.Phase == CdcPhase.Streaming, TimeSpan.FromSeconds(120), "the snapshot is over");
        var streamingSeen = DateTimeOffset.UtcNow;
        var writesDuringSnapshot = writes;
        await Eventually.Until(() => writes > writesDuringSnapshot + 50, TimeSpan.FromSeconds(30), "more writes after the snapshot");
        await stopWriting.CancelAsync();
        await writer;
        await bed.WaitUntilCaughtUpAsync();

        var records = bed.ReadTopic("streaming.counters");
        var finals = new Dictionary<int, long>();
        foreach (var group in records.GroupBy(r => r.Key!["id"]!.GetValue<int>()))
        {
            var values = group.Select(r => (r.Op, N: r.Value!["after"]!["n"]!.GetValue<long>())).ToList();
            // One snapshot read of the counter as it was at the snapshot, then every increment exactly once.
            Assert.Equal("r", values[0].Op);
            Assert.All(values.Skip(1), v => Assert.Equal("u", v.Op));
            for (var i = 1; i < values.Count; i++) Assert.Equal(values[i - 1].N + 1, values[i].N);
            finals[group.Key] = values[^1].N;
        }
        Assert.Equal(20, finals.Count);
        Assert.Equal(await bed.ScalarAsync<decimal>("SELECT sum(n) FROM counters"), finals.Values.Sum());
        output.WriteLine($"{writes} updates, {writesDuringSnapshot} of them before streaming began; {records.Count(r => r.Op == "u")} update records");
        // Some increments committed while the snapshot was being read (after its consistent point) and came as changes.
        Assert.Contains(records, r => r.Op == "u" && r.Value!["source"]!["ts_ms"]!.GetValue<long>() < streamingSeen.ToUnixTimeMilliseconds());
    }

    private static Dictionary<string, int> Markers(IEnumerable<TopicRecord> records) =>
        records.Where(r => r.Op == "r").GroupBy(r => r.Value!["source"]!["snapshot"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
}
