using System.Text.Json;
using Streaming.Streams.Contracts;
using static Streaming.Streams.Tests.Contracts.JsonAssert;

namespace Streaming.Streams.Tests.Contracts;

public sealed class EventKindsTests
{
    [Theory]
    [InlineData(TopicNames.UserEvents, typeof(UserEvent))]
    [InlineData(TopicNames.ProductAnalytics, typeof(ProductEvent))]
    [InlineData(TopicNames.OrderEvents, typeof(OrderEvent))]
    public void ByTopicFindsEachInputKind(string topic, Type eventType)
    {
        var kind = EventKinds.ByTopic(topic);

        Assert.NotNull(kind);
        Assert.Equal(topic, kind.Topic);
        Assert.Equal(eventType, kind.EventType);
        Assert.Contains(kind, EventKinds.All);
    }

    [Theory]
    [InlineData("USER_EVENTS")]
    [InlineData("dead_letters")]
    [InlineData("")]
    [InlineData(null)]
    public void ByTopicKnowsOnlyTheInputTopics(string? topic)
    {
        Assert.Null(EventKinds.ByTopic(topic));
        Assert.False(EventKinds.TryGetByTopic(topic, out _));
    }

    [Theory]
    [InlineData(TopicNames.UserEvents, Bodies.User, "u-1")]
    [InlineData(TopicNames.ProductAnalytics, Bodies.Product, "p-1")]
    [InlineData(TopicNames.OrderEvents, Bodies.Order, "u-1")]
    public void NonGenericParseGivesKeyIdTimeAndPayload(string topic, string body, string key)
    {
        var kind = EventKinds.ByTopic(topic)!;

        var parsed = kind.Parse(Bodies.Utf8(body), TestStamp.Create()).GetValueOrThrow();

        Assert.Equal(topic, parsed.Topic);
        Assert.Equal(key, parsed.Key);
        Assert.Equal("gen-1", parsed.EventId);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), parsed.Timestamp);
        var json = Root(parsed.Payload);
        Assert.Equal("gen-1", Str(json, "event_id"));
        Assert.Equal("2026-11-25T10:00:00.000Z", Str(json, "timestamp"));
        Assert.Equal(parsed.Event.EventId, parsed.EventId);
    }

    [Fact]
    public void NonGenericParseReportsErrors()
    {
        var result = EventKinds.ByTopic(TopicNames.OrderEvents)!.Parse("""{"order_id":"o"}"""u8, TestStamp.Create());

        Assert.False(result.IsSuccess);
        Assert.Equal(["status", "total_amount", "user_id"], result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void BatchItemsAreParsedFromElementsEachWithItsOwnId()
    {
        using var batch = JsonDocument.Parse("[" + Bodies.User + "," + Bodies.User + """,{"user_id":5}]""");
        var stamp = TestStamp.Create();
        var kind = EventKinds.ByTopic(TopicNames.UserEvents)!;

        var results = batch.RootElement.EnumerateArray().Select(item => kind.Parse(item, stamp)).ToList();

        Assert.Equal("gen-1", results[0].GetValueOrThrow().EventId);
        Assert.Equal("gen-2", results[1].GetValueOrThrow().EventId);
        Assert.Equal(["event_type", "user_id"], results[2].Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Equal("events[2].user_id", results[2].Errors.Single(e => e.Field == "user_id").Prefixed("events[2]").Field);
    }

    [Fact]
    public void ABatchItemThatIsNotAnObjectIsABodyError()
    {
        using var batch = JsonDocument.Parse("[1]");

        var result = EventKinds.User.Parse(batch.RootElement[0], TestStamp.Create());

        Assert.Equal(FieldError.Body, Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void InvalidUtf8InsideAnAlreadyParsedDocumentIsAFieldErrorNotAnException()
    {
        // JsonDocument.Parse does not check the UTF-8 of strings; the item parse must.
        byte[] bytes = [.. "[{\"user_id\":\"u"u8, 0xC3, 0x28, .. "\",\"event_type\":\"login\",\"metadata\":{\"x\":\"\\ud800\"}}]"u8];
        using var batch = JsonDocument.Parse(bytes);

        var result = EventKinds.User.Parse(batch.RootElement[0], TestStamp.Create());

        Assert.Equal(["metadata.x", "user_id"], result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ADisposedDocumentIsABodyErrorNotAnException()
    {
        JsonElement element;
        using (var document = JsonDocument.Parse(Bodies.User))
        {
            element = document.RootElement;
        }

        var result = EventKinds.User.Parse(element, TestStamp.Create());

        Assert.Equal(FieldError.Body, Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void ADuplicateKeyInABatchItemIsReported()
    {
        using var batch = JsonDocument.Parse("""[{"user_id":"a","event_type":"login","event_type":"click"}]""");

        var result = EventKinds.User.Parse(batch.RootElement[0], TestStamp.Create());

        Assert.Equal("event_type", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void ErrorsAreCappedForHostileInput()
    {
        var body = Bodies.Utf8("""{"order_id":"o","user_id":"u","status":"paid","total_amount":1,"items":[""" + string.Join(",", Enumerable.Repeat("1", 500)) + "]}");

        var result = EventKinds.Order.Parse(body, TestStamp.Create());

        Assert.Equal(ContractLimits.MaxErrors + 1, result.Errors.Count);
        Assert.Equal(FieldError.Body, result.Errors[^1].Field);
    }

    [Fact]
    public void StampNowMakesVersion7Ids()
    {
        var stamp = EventStamp.Now();

        var id = Guid.Parse(stamp.NewEventId());

        Assert.Equal(7, id.Version);
        Assert.NotEqual(stamp.NewEventId(), stamp.NewEventId());
        Assert.Equal(TimeSpan.Zero, stamp.ReceivedAt.Offset);
    }
}
