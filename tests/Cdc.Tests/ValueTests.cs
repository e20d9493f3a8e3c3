using System.Text.Json.Nodes;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Streams.Cdc.Tests;

/// <summary>Column values as Debezium's default modes write them (decimal.handling.mode=string), through both the
/// snapshot and the stream; expected values are worked out by hand or with .NET's own calendar.</summary>
public sealed class ValueTests(ITestOutputHelper output)
{
    private const string Columns =
        "n, big, tiny, f8, f4, b, d, ts, ts3, tstz, tm, tmtz, iv, by, u, j, arr, tarr, m, bt, e, dom, pt, nul";

    private const string Values =
        "'NaN', 9007199254740993, -32768, 'NaN', -2.25, true, '2024-02-29', '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.123456', " +
        "'2024-02-29 13:14:15.5+02', '13:14:15.25', '13:14:15+02', '1 year 2 mons 3 days 04:05:06.5', '\\x00ff10'::bytea, " +
        "'0e5f6d2a-3b4c-4d5e-8f90-a1b2c3d4e5f6', '{\"b\": 1, \"a\": [1, 2]}', '{1,2,NULL}', ARRAY['a b', 'c,d', NULL, 'x\"y'], " +
        "1234.5, B'101', 'happy', 7, '(1.5,-2)', NULL";

    [Fact]
    public async Task Types_map_as_Debezium_does_and_the_snapshot_and_the_stream_agree()
    {
        await using var bed = await CdcTestBed.StartAsync(output);
        bed.CreateTopic("streaming.samples", 1);
        await bed.ExecAsync(
            "CREATE TYPE mood AS ENUM ('sad', 'happy')",
            "CREATE DOMAIN posint AS int CHECK (VALUE > 0)",
            """
            CREATE TABLE samples (id int PRIMARY KEY, n numeric, big bigint, tiny smallint, f8 double precision, f4 real,
              b boolean, d date, ts timestamp, ts3 timestamp(3), tstz timestamptz, tm time, tmtz timetz, iv interval,
              by bytea, u uuid, j jsonb, arr int[], tarr text[], m money, bt bit(3), e mood, dom posint, pt point, nul text)
            """,
            $"INSERT INTO samples (id, {Columns}) VALUES (1, {Values})");
        await using var run = bed.Run(bed.Options("public.samples"));
        await Eventually.Until(() => run.Connector.Status.Phase == CdcPhase.Streaming, TimeSpan.FromSeconds(60), "the connector streams");
        await bed.ExecAsync(
            $"INSERT INTO samples (id, {Columns}) VALUES (2, {Values})",
            "INSERT INTO samples (id, n) VALUES (3, 1234567890123456789012345678901234567890.0123456789)",
            "INSERT INTO samples (id, n) VALUES (4, -0.000000000000000000000000000000000000012345)",
            "INSERT INTO samples (id, n, f8) VALUES (5, 'Infinity', '-Infinity')",
            "INSERT INTO samples (id, n, f8) VALUES (6, 12.50, 1e300)");
        await bed.WaitUntilCaughtUpAsync();

        var records = bed.ReadTopic("streaming.samples");
        var snapshot = records.Single(r => r.Op == "r").Value!["after"]!.AsObject();
        var streamed = records.Single(r => r.Op == "c" && r.Key!["id"]!.GetValue<int>() == 2).Value!["after"]!.AsObject();
        snapshot.Remove("id");
        streamed.Remove("id");
        Assert.True(JsonNode.DeepEquals(snapshot, streamed), $"snapshot {snapshot.ToJsonString()}\nstream   {streamed.ToJsonString()}");

        var epochDays = (long)new DateOnly(2024, 2, 29).DayNumber - new DateOnly(1970, 1, 1).DayNumber;
        var tsMicros = (new DateTime(2024, 2, 29, 13, 14, 15, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / 10;
        Assert.Equal("NAN", streamed["n"]!.GetValue<string>());
        Assert.Equal(9007199254740993L, streamed["big"]!.GetValue<long>());
        Assert.Equal(-32768, streamed["tiny"]!.GetValue<int>());
        Assert.Equal("NaN", streamed["f8"]!.GetValue<string>());
        Assert.Equal(-2.25, streamed["f4"]!.GetValue<double>());
        Assert.True(streamed["b"]!.GetValue<bool>());
        Assert.Equal(epochDays, streamed["d"]!.GetValue<long>());
        Assert.Equal(tsMicros + 123_456, streamed["ts"]!.GetValue<long>()); // MicroTimestamp
        Assert.Equal((tsMicros / 1000) + 123, streamed["ts3"]!.GetValue<long>()); // Timestamp (ms) for precision 3
        Assert.Equal("2024-02-29T11:14:15.500000Z", streamed["tstz"]!.GetValue<string>());
        Assert.Equal((((13 * 60) + 14) * 60 + 15) * 1_000_000L + 250_000, streamed["tm"]!.GetValue<long>()); // MicroTime
        Assert.Equal("11:14:15Z", streamed["tmtz"]!.GetValue<string>());
        // 14 months × 365.25/12 days + 3 days = 429.125 days; + 4 h 5 min 6.5 s.
        Assert.Equal(37_091_106_500_000L, streamed["iv"]!.GetValue<long>());
        Assert.Equal(Convert.ToBase64String([0x00, 0xff, 0x10]), streamed["by"]!.GetValue<string>());
        Assert.Equal("0e5f6d2a-3b4c-4d5e-8f90-a1b2c3d4e5f6", streamed["u"]!.GetValue<string>());
        Assert.Equal("""{"a": [1, 2], "b": 1}""", streamed["j"]!.GetValue<string>()); // jsonb's own text
        Assert.Equal("[1,2,null]", streamed["arr"]!.ToJsonString());
        Assert.Equal("""["a b","c,d",null,"x\u0022y"]""", streamed["tarr"]!.ToJsonString());
        Assert.Equal("1234.50", streamed["m"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String([0b101]), streamed["bt"]!.GetValue<string>());
        Assert.Equal("happy", streamed["e"]!.GetValue<string>());
        Assert.Equal(7, streamed["dom"]!.GetValue<int>());
        Assert.Equal(1.5, streamed["pt"]!["x"]!.GetValue<double>());
        Assert.Equal(-2, streamed["pt"]!["y"]!.GetValue<double>());
        Assert.Null(streamed["nul"]);
        Assert.True(streamed.ContainsKey("nul"));

        string Numeric(int id) => records.Single(r => r.Key!["id"]!.GetValue<int>() == id).Value!["after"]!["n"]!.GetValue<string>();
        Assert.Equal("1234567890123456789012345678901234567890.0123456789", Numeric(3));
        Assert.Equal("-0.000000000000000000000000000000000000012345", Numeric(4));
        Assert.Equal("POSITIVE_INFINITY", Numeric(5));
        Assert.Equal("12.50", Numeric(6));
        Assert.Equal("-Infinity", records.Single(r => r.Key!["id"]!.GetValue<int>() == 5).Value!["after"]!["f8"]!.GetValue<string>());
        Assert.Equal(1e300, records.Single(r => r.Key!["id"]!.GetValue<int>() == 6).Value!["after"]!["f8"]!.GetValue<double>());
    }

    [Fact]
    public async Task Toasted_values_are_exact_with_full_identity_whether_updated_or_not()
    {
        await using var bed = await CdcTestBed.StartAsync(output);
        bed.CreateTopic("streaming.docs", 1);
        var big1 = RandomText(20_000, 1);
        var big2 = RandomText(30_000, 2);
        // EXTERNAL: stored out of line without compression, so the value is TOASTed for sure.
        await bed.ExecAsync("CREATE TABLE docs (id int PRIMARY KEY, title text NOT NULL, body text)", "ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL");
        await using var run = bed.Run(bed.Options("public.docs"));
        await Eventually.Until(() => run.Connector.Status.Phase == CdcPhase.Streaming, TimeSpan.FromSeconds(60), "the connector streams");
        await bed.ExecAsync(
            $"INSERT INTO docs VALUES (1, 'first', '{big1}')",
            "UPDATE docs SET title = 'renamed' WHERE id = 1",
            $"UPDATE docs SET body = '{big2}' WHERE id = 1",
            "DELETE FROM docs WHERE id = 1");
        Assert.True(await bed.ScalarAsync<long>("SELECT count(*) FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid WHERE c.relname = 'docs'") == 1);
        await bed.WaitUntilCaughtUpAsync();

        var records = bed.ReadTopic("streaming.docs").Where(r => !r.IsTombstone).ToList();
        Assert.Equal(["c", "u", "u", "d"], records.Select(r => r.Op));
        string? Body(int i, string image) => records[i].Value![image]?["body"]?.GetValue<string>();
        Assert.Equal(big1, Body(0, "after"));
        Assert.Equal(big1, Body(1, "before"));
        Assert.Equal(big1, Body(1, "after")); // not updated: PostgreSQL did not send it, the full old row had it
        Assert.Equal("renamed", records[1].Value!["after"]!["title"]!.GetValue<string>());
        Assert.Equal(big1, Body(2, "before"));
        Assert.Equal(big2, Body(2, "after"));
        Assert.Equal(big2, Body(3, "before"));
    }

    [Fact]
    public async Task Without_full_identity_before_is_partial_and_an_unchanged_toasted_value_is_the_placeholder()
    {
        await using var bed = await CdcTestBed.StartAsync(output);
        bed.CreateTopic("streaming.docs", 1);
        var big = RandomText(20_000, 3);
        await bed.ExecAsync("CREATE TABLE docs (id int PRIMARY KEY, title text NOT NULL, body text)", "ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL");
        await using var run = bed.Run(bed.Options("public.docs") with { SetReplicaIdentityFull = false });
        await Eventually.Until(() => run.Connector.Status.Phase == CdcPhase.Streaming, TimeSpan.FromSeconds(60), "the connector streams");
        await bed.ExecAsync(
            $"INSERT INTO docs VALUES (1, 'first', '{big}')",
            "UPDATE docs SET title = 'renamed' WHERE id = 1",
            "UPDATE docs SET id = 2 WHERE id = 1",
            "DELETE FROM docs WHERE id = 2");
        Assert.Equal('d', await bed.ScalarAsync<char>("SELECT relreplident FROM pg_class WHERE relname = 'docs'"));
        await bed.WaitUntilCaughtUpAsync();

        var records = bed.ReadTopic("streaming.docs");
        Assert.Equal(
            ["c {\"id\":1}", "u {\"id\":1}", "d {\"id\":1}", "tombstone {\"id\":1}", "c {\"id\":2}", "d {\"id\":2}", "tombstone {\"id\":2}"],
            records.Select(r => $"{(r.IsTombstone ? "tombstone" : r.Op)} {r.RawKey}"));
        var update = records[1].Value!;
        Assert.Null(update["before"]);
        Assert.Equal("renamed", update["after"]!["title"]!.GetValue<string>());
        Assert.Equal("__debezium_unavailable_value", update["after"]!["body"]!.GetValue<string>());
        // The key change: delete of the old key (its identity only) and create of the new, with Debezium's headers.
        Assert.Equal("""{"id":1}""", records[2].Value!["before"]!.ToJsonString());
        Assert.Contains("__debezium.newkey={\"id\":2}", records[2].Headers, StringComparison.Ordinal);
        Assert.Contains("__debezium.oldkey={\"id\":1}", records[4].Headers, StringComparison.Ordinal);
        Assert.Equal("__debezium_unavailable_value", records[4].Value!["after"]!["body"]!.GetValue<string>());
        Assert.Equal("""{"id":2}""", records[5].Value!["before"]!.ToJsonString());
    }

    private static string RandomText(int length, int seed)
    {
        var random = new Random(seed);
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }
}
