using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Streaming.Api.Tail;

namespace Streaming.Api.Tests;

/// <summary>Kafka records as the tail sends them.</summary>
public sealed class TailRecordsTests
{
    private static ConsumeResult<byte[]?, byte[]?> Record(string? key, string? value, Headers? headers = null, Timestamp? timestamp = null) => new()
    {
        Topic = "user_events",
        Partition = new Partition(2),
        Offset = new Offset(41),
        Message = new Message<byte[]?, byte[]?>
        {
            Key = key is null ? null : Encoding.UTF8.GetBytes(key),
            Value = value is null ? null : Encoding.UTF8.GetBytes(value),
            Headers = headers ?? [],
            Timestamp = timestamp ?? new Timestamp(new DateTime(2026, 3, 4, 5, 6, 7, 89, DateTimeKind.Utc)),
        },
    };

    [Fact]
    public void A_json_value_is_sent_as_json_with_the_records_place_key_headers_and_time()
    {
        var headers = new Headers { { "event_id", Encoding.UTF8.GetBytes("e-1") }, { "kind", Encoding.UTF8.GetBytes("old") }, { "kind", Encoding.UTF8.GetBytes("new") } };
        var record = TailRecords.Of(Record("u1", """{"user_id":"u1","n":[1,2]}""", headers));
        Assert.Equal(("user_events", 2, 41L, "u1"), (record.Topic, record.Partition, record.Offset, record.Key));
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 5, 6, 7, 89, TimeSpan.Zero), record.Timestamp);
        Assert.Equal(new Dictionary<string, string> { ["event_id"] = "e-1", ["kind"] = "new" }, record.Headers);
        Assert.Equal(JsonValueKind.Object, record.Value!.Value.ValueKind);
        Assert.Equal("""{"user_id":"u1","n":[1,2]}""", record.Value.Value.GetRawText());
    }

    [Theory]
    [InlineData("plain text", "\"plain text\"")]
    [InlineData("{\"half\": ", "\"{\\u0022half\\u0022: \"")]
    [InlineData("42", "42")]
    [InlineData("\"quoted\"", "\"quoted\"")]
    public void A_value_that_is_not_json_is_sent_as_a_string(string value, string expectedJson) =>
        Assert.Equal(expectedJson, JsonSerializer.Serialize(TailRecords.Of(Record(null, value)).Value));

    [Fact]
    public void A_tombstone_has_no_value_and_a_keyless_record_no_key()
    {
        var record = TailRecords.Of(Record(null, null, timestamp: Timestamp.Default));
        Assert.Null(record.Value);
        Assert.Null(record.Key);
        Assert.Null(record.Timestamp);
        Assert.Empty(record.Headers);
    }

    [Theory]
    [InlineData("u1", "u1", true)]
    [InlineData("u1", null, true)]
    [InlineData(null, null, true)]
    [InlineData("u1", "u10", false)]
    [InlineData("u10", "u1", false)]
    [InlineData(null, "u1", false)]
    [InlineData("ü", "ü", true)]
    public void The_key_filter_matches_the_exact_key(string? recordKey, string? filter, bool matches) =>
        Assert.Equal(matches, TailRecords.KeyMatches(recordKey is null ? null : Encoding.UTF8.GetBytes(recordKey), filter));
}
