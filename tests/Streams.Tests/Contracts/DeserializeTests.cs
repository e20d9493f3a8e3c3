using Streaming.Streams.Contracts;

namespace Streaming.Streams.Tests.Contracts;

public sealed class DeserializeTests
{
    [Fact]
    public void UserEventRoundTrips()
    {
        var original = EventKinds.User.Parse(Bodies.With(Bodies.User, o => o["metadata"]!["extra"] = "x"), TestStamp.Create()).GetValueOrThrow();

        var back = EventKinds.User.Deserialize(EventKinds.User.Serialize(original)).GetValueOrThrow();

        Assert.Equal(original, back);
        Assert.Equal(TestStamp.ReceivedAt, back.IngestedAt);
    }

    [Fact]
    public void ProductEventRoundTrips()
    {
        var original = EventKinds.Product.Parse(Bodies.Utf8(Bodies.Product), TestStamp.Create()).GetValueOrThrow();

        var back = EventKinds.Product.Deserialize(EventKinds.Product.Serialize(original)).GetValueOrThrow();

        Assert.Equal(original, back);
    }

    [Fact]
    public void OrderEventRoundTrips()
    {
        var original = EventKinds.Order.Parse(Bodies.With(Bodies.Order, o => o["shipping_address"]!["lines"] = new System.Text.Json.Nodes.JsonArray("a", 1)), TestStamp.Create())
            .GetValueOrThrow();

        var back = EventKinds.Order.Deserialize(EventKinds.Order.Serialize(original)).GetValueOrThrow();

        Assert.Equal(original, back);
        Assert.Equal(EventKinds.Order.Serialize(original), EventKinds.Order.Serialize(back));
    }

    [Fact]
    public void ReadingBackKeepsTheRecordsIdAndIngestTime()
    {
        var record = """{"event_id":"e-1","user_id":"u","event_type":"login","timestamp":"2026-11-25T10:00:00.001Z","ingested_at":"2026-11-25T10:00:01.002Z"}"""u8;

        var e = EventKinds.User.Deserialize(record, TestStamp.Create()).GetValueOrThrow();

        Assert.Equal("e-1", e.EventId);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 1, 2, TimeSpan.Zero), e.IngestedAt);
    }

    [Fact]
    public void WithoutFallbackTheStampedFieldsAreRequired()
    {
        var result = EventKinds.User.Deserialize("""{"user_id":"u","event_type":"login"}"""u8);

        Assert.Equal(["event_id", "ingested_at", "timestamp"], result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WithFallbackARecordOfAnotherProducerIsStamped()
    {
        var fallback = new EventStamp(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), () => "order_events-0-42");

        var e = EventKinds.Order.Deserialize("""{"order_id":"o","user_id":"u","status":"paid","total_amount":5}"""u8, fallback).GetValueOrThrow();

        Assert.Equal("order_events-0-42", e.EventId);
        Assert.Equal(fallback.ReceivedAt, e.Timestamp);
        Assert.Equal(fallback.ReceivedAt, e.IngestedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"order_id\":")]
    [InlineData("[]")]
    [InlineData("{\"order_id\":\"o\",\"user_id\":\"u\",\"status\":\"paid\",\"total_amount\":-3}")]
    public void AnUnreadableRecordGivesAnErrorMessage(string record)
    {
        var result = EventKinds.Order.Deserialize(Bodies.Utf8(record), TestStamp.Create());

        Assert.False(result.IsSuccess);
        Assert.NotEmpty(result.Errors[0].Message);
    }

    [Fact]
    public void NonGenericDeserializeGivesTheRecord()
    {
        var payload = EventKinds.User.Serialize(EventKinds.User.Parse(Bodies.Utf8(Bodies.User), TestStamp.Create()).GetValueOrThrow());

        var parsed = EventKinds.ByTopic(TopicNames.UserEvents)!.Deserialize(payload).GetValueOrThrow();

        Assert.Equal(payload, parsed.Payload);
        Assert.Equal("u-1", parsed.Key);
    }
}
