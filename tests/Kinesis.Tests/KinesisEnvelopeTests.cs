using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Streams.Kinesis;

namespace Streaming.Kinesis.Tests;

public sealed class KinesisEnvelopeTests
{
    private static KafkaRecord Record(byte[]? key, byte[]? value, params (string, byte[]?)[] headers) =>
        new("user_events", 2, 1234, key, value, 1_765_101_600_123, KafkaTimestampType.Create,
            headers.Select(h => new KeyValuePair<string, byte[]?>(h.Item1, h.Item2)).ToList());

    [Fact]
    public void A_JSON_value_is_embedded_as_JSON_with_the_record_coordinates()
    {
        var value = """{"user_id":"u-1","event_type":"click","n":[1,2.5,null]}""";
        using var doc = JsonDocument.Parse(KinesisEnvelope.Encode(Record("u-1"u8.ToArray(), Encoding.UTF8.GetBytes(value))));
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal("user_events", root.GetProperty("topic").GetString());
        Assert.Equal(2, root.GetProperty("partition").GetInt32());
        Assert.Equal(1234, root.GetProperty("offset").GetInt64());
        Assert.Equal("2025-12-07T10:00:00.123Z", root.GetProperty("timestamp").GetString());
        Assert.Equal("create", root.GetProperty("timestamp_type").GetString());
        Assert.Equal("u-1", root.GetProperty("key").GetString());
        Assert.Equal("utf8", root.GetProperty("key_encoding").GetString());
        Assert.Equal("json", root.GetProperty("value_encoding").GetString());
        Assert.Equal("click", root.GetProperty("value").GetProperty("event_type").GetString());
        Assert.Equal(value, root.GetProperty("value").GetRawText());
        Assert.False(root.TryGetProperty("headers", out _));
    }

    [Fact]
    public void Text_that_is_not_a_JSON_document_travels_as_a_string()
    {
        foreach (var text in new[] { "hello 한국어", "{\"a\":1} trailing", " {\"a\":1}", "{'a':1}", "" })
        {
            using var doc = JsonDocument.Parse(KinesisEnvelope.Encode(Record(null, Encoding.UTF8.GetBytes(text))));
            Assert.Equal("utf8", doc.RootElement.GetProperty("value_encoding").GetString());
            Assert.Equal(text, doc.RootElement.GetProperty("value").GetString());
        }
    }

    [Fact]
    public void Binary_key_value_and_header_travel_as_base64_and_absent_ones_as_null()
    {
        byte[] binary = [0xff, 0x00, 0xc3];
        using var doc = JsonDocument.Parse(KinesisEnvelope.Encode(Record(binary, binary, ("trace", binary), ("empty", null))));
        var root = doc.RootElement;
        Assert.Equal("base64", root.GetProperty("key_encoding").GetString());
        Assert.Equal(binary, Convert.FromBase64String(root.GetProperty("key").GetString()!));
        Assert.Equal(binary, Convert.FromBase64String(root.GetProperty("value").GetString()!));
        var headers = root.GetProperty("headers").EnumerateArray().ToList();
        Assert.Equal("trace", headers[0].GetProperty("key").GetString());
        Assert.Equal("base64", headers[0].GetProperty("encoding").GetString());
        Assert.Equal(JsonValueKind.Null, headers[1].GetProperty("value").ValueKind);

        using var tombstone = JsonDocument.Parse(KinesisEnvelope.Encode(Record(null, null)));
        Assert.Equal(JsonValueKind.Null, tombstone.RootElement.GetProperty("key").ValueKind);
        Assert.Equal(JsonValueKind.Null, tombstone.RootElement.GetProperty("value").ValueKind);
        Assert.False(tombstone.RootElement.TryGetProperty("value_encoding", out _));
    }

    [Fact]
    public void Decoding_something_else_fails_clearly()
    {
        Assert.Throws<FormatException>(() => KinesisEnvelope.Decode("not json"u8));
        Assert.Throws<FormatException>(() => KinesisEnvelope.Decode("""{"version":2}"""u8));
    }

    [Property(MaxTest = 300)]
    public Property Decode_gives_back_every_byte_of_key_value_and_headers() =>
        Prop.ForAll(Records(), record =>
        {
            var back = KinesisEnvelope.Decode(KinesisEnvelope.Encode(record));
            return (back.Topic == record.Topic && back.Partition == record.Partition && back.Offset == record.Offset).Label("coordinates")
                .And(SameBytes(back.Key, record.Key).Label("key"))
                .And(SameBytes(back.Value, record.Value).Label("value"))
                .And((back.TimestampMs == record.TimestampMs && back.TimestampType == record.TimestampType).Label("timestamp"))
                .And((back.Headers.Count == record.Headers.Count
                    && back.Headers.Zip(record.Headers).All(p => p.First.Key == p.Second.Key && SameBytes(p.First.Value, p.Second.Value))).Label("headers"));
        });

    private static bool SameBytes(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static Arbitrary<KafkaRecord> Records()
    {
        // Values: arbitrary bytes, arbitrary text, and JSON documents (what topics mostly carry).
        var json = ArbMap.Default.GeneratorFor<Dictionary<string, int>>().Select(d => JsonSerializer.SerializeToUtf8Bytes(d));
        var text = ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => Encoding.UTF8.GetBytes(s.Get));
        var bytes = ArbMap.Default.GeneratorFor<byte[]>();
        var payload = Gen.OneOf(json, text, bytes, Gen.Constant<byte[]>(null!));
        var header = from name in ArbMap.Default.GeneratorFor<NonNull<string>>() from value in payload select new KeyValuePair<string, byte[]?>(name.Get, value);
        var gen =
            from key in Gen.OneOf(text, bytes, Gen.Constant<byte[]>(null!))
            from value in payload
            from partition in Gen.Choose(0, 1000)
            from offset in Gen.Choose(0, int.MaxValue)
            from ts in Gen.OneOf(Gen.Constant<long?>(null), Gen.Choose(0, int.MaxValue).Select(x => (long?)x * 1000))
            from type in Gen.Elements(KafkaTimestampType.None, KafkaTimestampType.Create, KafkaTimestampType.LogAppend)
            from headers in Gen.ListOf(header).Select(h => h.ToList())
            from count in Gen.Choose(0, 3)
            select new KafkaRecord("t.opic-1", partition, offset, key, value, ts, type, headers.Take(count).ToList());
        return gen.ToArbitrary();
    }
}
