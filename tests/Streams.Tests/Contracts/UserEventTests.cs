using System.Text;
using Streaming.Streams.Contracts;
using static Streaming.Streams.Tests.Contracts.JsonAssert;

namespace Streaming.Streams.Tests.Contracts;

public sealed class UserEventTests
{
    [Fact]
    public void FullEventIsTypedAndWrittenInSnakeCaseWithUtcMilliseconds()
    {
        var body = """
            {"event_id":"client-1","user_id":"u-1","event_type":"page_view","page_url":"/p/1",
             "timestamp":"2026-11-25T10:00:00.123456+09:00","ingested_at":"2000-01-01T00:00:00Z","unknown_top":true,
             "metadata":{"device":"mobile","location":"서울","session_id":"s-1","ab":{"test":[1,"b",null]},"flag":false}}
            """;

        var result = EventKinds.User.Parse(Encoding.UTF8.GetBytes(body), TestStamp.Create());

        var e = result.GetValueOrThrow();
        Assert.Equal("client-1", e.EventId);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 1, 0, 0, 123, TimeSpan.Zero), e.Timestamp);
        Assert.Equal(TestStamp.ReceivedAt, e.IngestedAt);
        Assert.Equal("mobile", e.Metadata!.Device);
        Assert.Equal("u-1", EventKinds.User.KeyOf(e));

        var json = Root(EventKinds.User.Serialize(e));
        Assert.Equal("client-1", Str(json, "event_id"));
        Assert.Equal("u-1", Str(json, "user_id"));
        Assert.Equal("page_view", Str(json, "event_type"));
        Assert.Equal("/p/1", Str(json, "page_url"));
        Assert.Equal("2026-11-25T01:00:00.123Z", Str(json, "timestamp"));
        Assert.Equal(TestStamp.ReceivedAtWire, Str(json, "ingested_at"));
        Absent(json, "unknown_top");
        var metadata = json.GetProperty("metadata");
        Assert.Equal("mobile", Str(metadata, "device"));
        Assert.Equal("서울", Str(metadata, "location"));
        Assert.Equal("s-1", Str(metadata, "session_id"));
        SameJson("""{"test":[1,"b",null]}""", metadata.GetProperty("ab"));
        SameJson("false", metadata.GetProperty("flag"));
        Assert.Equal(7, json.EnumerateObject().Count());
    }

    [Fact]
    public void MinimalEventGetsGeneratedIdReceiveTimeAndNoNullFields()
    {
        var stamp = TestStamp.Create();

        var e = EventKinds.User.Parse("""{"user_id":"u-2","event_type":"login","page_url":null}"""u8, stamp).GetValueOrThrow();

        Assert.Equal("gen-1", e.EventId);
        Assert.Equal(TestStamp.ReceivedAt, e.Timestamp);
        var json = Root(EventKinds.User.Serialize(e));
        Assert.Equal("gen-1", Str(json, "event_id"));
        Assert.Equal(TestStamp.ReceivedAtWire, Str(json, "timestamp"));
        Absent(json, "page_url");
        Absent(json, "metadata");
        Assert.All(json.EnumerateObject(), p => Assert.NotEqual(System.Text.Json.JsonValueKind.Null, p.Value.ValueKind));
    }

    [Theory]
    [InlineData("2026-11-25T10:00:00", "2026-11-25T10:00:00.000Z")]
    [InlineData("2026-11-25T10:00:00Z", "2026-11-25T10:00:00.000Z")]
    [InlineData("2026-11-25 10:00:00.5", "2026-11-25T10:00:00.500Z")]
    [InlineData("2026-11-25T10:00:00.9999999-01:30", "2026-11-25T11:30:00.999Z")]
    [InlineData("2000-01-01T00:00:00Z", "2000-01-01T00:00:00.000Z")]
    [InlineData("2100-12-31T23:59:59.999Z", "2100-12-31T23:59:59.999Z")]
    public void TimestampsAreReadAsUtcAndWrittenWithMilliseconds(string input, string expected)
    {
        var body = Bodies.Utf8($$"""{"user_id":"u","event_type":"click","timestamp":"{{input}}"}""");

        var e = EventKinds.User.Parse(body, TestStamp.Create()).GetValueOrThrow();

        Assert.Equal(expected, Str(Root(EventKinds.User.Serialize(e)), "timestamp"));
        Assert.Equal(TimeSpan.Zero, e.Timestamp.Offset);
    }

    [Fact]
    public void NonAsciiTextIsWrittenAsUtf8NotEscaped()
    {
        var e = EventKinds.User.Parse(Bodies.Utf8("""{"user_id":"사용자","event_type":"login"}"""), TestStamp.Create()).GetValueOrThrow();

        var bytes = EventKinds.User.Serialize(e);

        Assert.Contains("\"user_id\":\"사용자\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void NestingOfExactly32LevelsIsAccepted()
    {
        // event object (1) + metadata (2) + 30 arrays = 32.
        var body = Bodies.Utf8("""{"user_id":"u","event_type":"login","metadata":{"deep":""" + Bodies.NestedArrays(30) + "}}");

        Assert.True(EventKinds.User.Parse(body, TestStamp.Create()).IsSuccess);
    }

    [Fact]
    public void AStringOfExactlyTheLimitIsAccepted()
    {
        var body = Bodies.With(Bodies.User, o => o["metadata"]!["note"] = new string('n', ContractLimits.MaxStringLength));

        Assert.True(EventKinds.User.Parse(body, TestStamp.Create()).IsSuccess);
    }

    [Fact]
    public void AByteOrderMarkIsSkipped()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Bodies.Utf8(Bodies.User)];

        Assert.True(EventKinds.User.Parse(body, TestStamp.Create()).IsSuccess);
    }

    [Fact]
    public void EscapedSurrogatePairsAreFine()
    {
        var e = EventKinds.User.Parse("""{"user_id":"\ud83d\ude00","event_type":"login"}"""u8, TestStamp.Create()).GetValueOrThrow();

        Assert.Equal("😀", e.UserId);
    }
}
