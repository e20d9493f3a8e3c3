using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Streaming.Streams.Cdc.Tests.Logic;

/// <summary>The records of one change, as Debezium's JSON converter (schemas off) would write them.</summary>
public sealed class EnvelopeTests
{
    private static readonly TableSchema Users = new(new TableId("public", "users"), "streaming.users",
    [
        new ColumnInfo("id", new ColumnType(PgValueKind.Integer), IsKey: true, IsIdentity: true),
        new ColumnInfo("name", ColumnType.Text, IsKey: false, IsIdentity: false),
        new ColumnInfo("tags", new ColumnType(PgValueKind.Array, -1, new ColumnType(PgValueKind.Integer)), IsKey: false, IsIdentity: false),
    ]);

    private static readonly TableSchema Log = new(new TableId("public", "log"), "streaming.log", [new ColumnInfo("line", ColumnType.Text, false, false)]);

    private static readonly SourceInfo Source = new(1_700_000_000_000, "false", 77, 0x1000);

    private static ChangeTranslator Translator(bool tombstones = true) =>
        new(new EnvelopeWriter("streaming-cdc/test", "srv", "shop", "__placeholder", NullLogger.Instance), tombstones);

    private static ColumnValue[] Row(string id, string? name) => [ColumnValue.Of(id), name is null ? ColumnValue.Null : ColumnValue.Of(name), ColumnValue.Of("{1,2}")];

    private static JsonObject Parse(byte[]? bytes) => JsonNode.Parse(bytes!)!.AsObject();

    [Fact]
    public void An_insert_is_a_create_envelope_keyed_by_the_primary_key()
    {
        var record = Assert.Single(Translator().Insert(Users, Row("42", "ann"), Source, 1_700_000_000_500));

        Assert.Equal("streaming.users", record.Topic);
        Assert.Equal("""{"id":42}""", Encoding.UTF8.GetString(record.Key!));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"before":null,"after":{"id":42,"name":"ann","tags":[1,2]},
             "source":{"version":"streaming-cdc/test","connector":"postgresql","name":"srv","ts_ms":1700000000000,"snapshot":"false",
                       "db":"shop","schema":"public","table":"users","txId":77,"lsn":4096},
             "op":"c","ts_ms":1700000000500}
            """), Parse(record.Value)), Encoding.UTF8.GetString(record.Value!));
    }

    [Fact]
    public void A_key_change_is_a_delete_a_tombstone_and_a_create_with_Debeziums_headers()
    {
        var records = Translator().Update(Users, Row("1", "ann"), oldIsFull: true, Row("2", "ann"), Source, 0).ToList();

        Assert.Equal(["d", null, "c"], records.Select(r => r.Value is null ? null : Parse(r.Value)["op"]!.GetValue<string>()));
        Assert.Equal(["""{"id":1}""", """{"id":1}""", """{"id":2}"""], records.Select(r => Encoding.UTF8.GetString(r.Key!)));
        Assert.Equal(("__debezium.newkey", """{"id":2}"""), (records[0].Header, Encoding.UTF8.GetString(records[0].HeaderValue!)));
        Assert.Equal(("__debezium.oldkey", """{"id":1}"""), (records[2].Header, Encoding.UTF8.GetString(records[2].HeaderValue!)));
        Assert.Equal("ann", Parse(records[0].Value)["before"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Tombstones_can_be_turned_off_and_keyless_tables_get_none()
    {
        Assert.Single(Translator(tombstones: false).Delete(Users, Row("1", "x"), Source, 0));
        var keyless = Assert.Single(Translator().Delete(Log, [ColumnValue.Of("hello")], Source, 0));
        Assert.Null(keyless.Key);
    }

    [Fact]
    public void Unchanged_toasted_values_come_from_the_full_old_row_else_the_placeholder()
    {
        ColumnValue[] old = [ColumnValue.Of("1"), ColumnValue.Of("long text"), ColumnValue.Of("{}")];
        ColumnValue[] updated = [ColumnValue.Of("1"), ColumnValue.UnchangedToast, ColumnValue.Of("{3}")];

        var full = Parse(Assert.Single(Translator().Update(Users, old, oldIsFull: true, updated, Source, 0)).Value);
        var partial = Parse(Assert.Single(Translator().Update(Users, null, oldIsFull: false, updated, Source, 0)).Value);

        Assert.Equal("long text", full["after"]!["name"]!.GetValue<string>());
        Assert.Equal("long text", full["before"]!["name"]!.GetValue<string>());
        Assert.Equal("__placeholder", partial["after"]!["name"]!.GetValue<string>());
        Assert.Null(partial["before"]);
    }

    [Fact]
    public void A_key_only_old_row_gives_a_before_with_only_the_identity_columns()
    {
        ColumnValue[] key = [ColumnValue.Of("5"), ColumnValue.Absent, ColumnValue.Absent];
        var delete = Parse(Translator().Delete(Users, key, Source, 0).First().Value);
        Assert.Equal("""{"id":5}""", delete["before"]!.ToJsonString());
    }

    [Fact]
    public void A_value_the_mapping_does_not_understand_goes_out_as_its_text()
    {
        ColumnValue[] row = [ColumnValue.Of("1"), ColumnValue.Of("x"), ColumnValue.Of("{1,oops}")];
        var value = Parse(Translator().Insert(Users, row, Source, 0).Single().Value);
        Assert.Equal("{1,oops}", value["after"]!["tags"]!.GetValue<string>());
        Assert.Equal("x", value["after"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("NaN", "NAN")]
    [InlineData("Infinity", "POSITIVE_INFINITY")]
    [InlineData("-Infinity", "NEGATIVE_INFINITY")]
    [InlineData("-12.500", "-12.500")]
    public void Numerics_are_strings_with_Debeziums_special_values(string text, string expected) => Assert.Equal(expected, JsonValueWriter.Numeric(text));

    [Theory]
    [InlineData("$1,234.56", "1234.56")]
    [InlineData("-$0.50", "-0.50")]
    [InlineData("$0.00", "0.00")]
    public void Money_keeps_sign_digits_and_point(string text, string expected) => Assert.Equal(expected, JsonValueWriter.Money(text));

    [Fact]
    public void Schemas_list_their_key_positions() => Assert.Equal([0], Users.KeyIndexes.ToArray());
}
