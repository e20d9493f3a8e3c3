using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Streams.Cdc.Tests;

public sealed class StreamingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_100k_row_transaction_arrives_complete_and_once()
    {
        await using var bed = await CdcTestBed.StartAsync(output);
        // The mock broker keeps about 5 MiB per partition: enough partitions to hold all 100k records.
        bed.CreateTopic("streaming.events", 24);
        await bed.ExecAsync("CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, payload jsonb NOT NULL)");
        await using var run = bed.Run(bed.Options("public.events"));
        await Eventually.Until(() => run.Connector.Status.Phase == CdcPhase.Streaming, TimeSpan.FromSeconds(60), "the connector streams");

        await bed.ExecAsync("INSERT INTO events SELECT g, 'k' || (g % 7), jsonb_build_object('n', g) FROM generate_series(1, 100000) g");
        await bed.WaitUntilCaughtUpAsync(timeout: TimeSpan.FromMinutes(5));

        var records = bed.ReadTopic("streaming.events");
        Assert.Equal(100_000, records.Count);
        Assert.All(records, r => Assert.Equal("c", r.Op));
        var ids = records.Select(r => r.Key!["id"]!.GetValue<long>()).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 100_000).Select(i => (long)i), ids);
        // One transaction: one xid, and the payload of each row is its own.
        Assert.Single(records.Select(r => r.Value!["source"]!["txId"]!.GetValue<long>()).Distinct());
        Assert.All(records.Take(1000), r => Assert.Equal($"{{\"n\": {r.Key!["id"]}}}", r.Value!["after"]!["payload"]!.GetValue<string>()));
        Assert.Equal(100_000, run.Connector.Status.ChangesPublished);
    }

    [Fact]
    public async Task A_column_added_mid_stream_appears_in_the_records_after_it()
    {
        await using var bed = await CdcTestBed.StartAsync(output);
        bed.CreateTopic("streaming.users", 1);
        await bed.ExecAsync("CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL)");
        await using var run = bed.Run(bed.Options("public.users"));
        await Eventually.Until(() => run.Connector.Status.Phase == CdcPhase.Streaming, TimeSpan.FromSeconds(60), "the connector streams");

        await bed.ExecAsync(
            "INSERT INTO users VALUES (1, 'ann')",
            "ALTER TABLE users ADD COLUMN tier text NOT NULL DEFAULT 'basic'",
            "INSERT INTO users VALUES (2, 'bob', 'gold')",
            "UPDATE users SET name = 'anna' WHERE id = 1",
            "ALTER TABLE users ADD COLUMN score numeric(6,1)",
            "UPDATE users SET score = 12.5 WHERE id = 2");
        await bed.WaitUntilCaughtUpAsync();

        var records = bed.ReadTopic("streaming.users");
        Assert.Equal(
            [
                """c {"id":1,"name":"ann"}""",
                """c {"id":2,"name":"bob","tier":"gold"}""",
                """u {"id":1,"name":"anna","tier":"basic"}""",
                """u {"id":2,"name":"bob","tier":"gold","score":"12.5"}""",
            ],
            records.Select(r => $"{r.Op} {r.Value!["after"]!.ToJsonString()}"));
        // The before-image of the update that followed the first ALTER has the new column too (the old row as it is now).
        Assert.Equal("""{"id":1,"name":"ann","tier":"basic"}""", records[2].Value!["before"]!.ToJsonString());
    }

    [Fact]
    public async Task A_partitioned_table_is_captured_under_its_own_name()
    {
        await using var bed = await CdcTestBed.StartAsync(output);
        bed.CreateTopic("streaming.orders", 1);
        await bed.ExecAsync(
            "CREATE TABLE orders (id int, region text, PRIMARY KEY (id, region)) PARTITION BY LIST (region)",
            "CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu')",
            "CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us')",
            "INSERT INTO orders VALUES (1, 'eu'), (2, 'us')");
        await using var run = bed.Run(bed.Options("public.orders"));
        await Eventually.Until(() => run.Connector.Status.Phase == CdcPhase.Streaming, TimeSpan.FromSeconds(60), "the connector streams");
        await bed.ExecAsync("INSERT INTO orders VALUES (3, 'us')", "DELETE FROM orders WHERE id = 1");
        await bed.WaitUntilCaughtUpAsync();

        var records = bed.ReadTopic("streaming.orders");
        Assert.Equal(
            ["r {\"id\":1,\"region\":\"eu\"}", "r {\"id\":2,\"region\":\"us\"}", "c {\"id\":3,\"region\":\"us\"}", "d {\"id\":1,\"region\":\"eu\"}", "tombstone {\"id\":1,\"region\":\"eu\"}"],
            records.Select(r => $"{(r.IsTombstone ? "tombstone" : r.Op)} {r.RawKey}").Order(StringComparer.Ordinal).OrderBy(l => l[0] == 'r' ? 0 : l[0] == 'c' ? 1 : 2).ToList());
        Assert.All(records.Where(r => !r.IsTombstone), r => Assert.Equal("orders", r.Value!["source"]!["table"]!.GetValue<string>()));
    }
}
