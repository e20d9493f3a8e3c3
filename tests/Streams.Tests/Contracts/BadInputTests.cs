using System.Text.Json.Nodes;
using Streaming.Streams.Contracts;
using static Streaming.Streams.Tests.Contracts.Bodies;

namespace Streaming.Streams.Tests.Contracts;

public sealed class BadInputTests
{
    private const string U = TopicNames.UserEvents;
    private const string P = TopicNames.ProductAnalytics;
    private const string O = TopicNames.OrderEvents;

    public static TheoryData<string, string, byte[], string[]> Cases { get; } = BuildCases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInputNamesExactlyTheOffendingFields(string name, string topic, byte[] body, string[] fields)
    {
        var kind = EventKinds.ByTopic(topic)!;

        var result = kind.Parse(body, TestStamp.Create());

        Assert.False(result.IsSuccess, name);
        Assert.Equal(fields.Order(StringComparer.Ordinal), result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInputIsAlsoRejectedWhenReadBackFromTheTopic(string name, string topic, byte[] body, string[] fields)
    {
        _ = fields;
        var kind = EventKinds.ByTopic(topic)!;

        var result = kind.Deserialize(body, TestStamp.Create());

        Assert.False(result.IsSuccess, name);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void ThereAreAtLeastFortyCases() => Assert.True(Cases.Count >= 40);

    private static TheoryData<string, string, byte[], string[]> BuildCases()
    {
        var data = new TheoryData<string, string, byte[], string[]>();
        void Add(string name, string topic, byte[] body, params string[] fields) => data.Add(name, topic, body, fields);

        // user_events
        Add("user: missing user_id", U, With(User, o => o.Remove("user_id")), "user_id");
        Add("user: user_id is a number", U, With(User, o => o["user_id"] = 42), "user_id");
        Add("user: user_id is null", U, With(User, o => o["user_id"] = null), "user_id");
        Add("user: user_id is empty", U, With(User, o => o["user_id"] = ""), "user_id");
        Add("user: user_id too long", U, With(User, o => o["user_id"] = new string('u', 257)), "user_id");
        Add("user: user_id has a control char", U, With(User, o => o["user_id"] = "u\u0001"), "user_id");
        Add("user: event_type uppercase", U, With(User, o => o["event_type"] = "Login"), "event_type");
        Add("user: event_type with dash", U, With(User, o => o["event_type"] = "page-view"), "event_type");
        Add("user: event_type too long", U, With(User, o => o["event_type"] = "a" + new string('b', 64)), "event_type");
        Add("user: user_id and event_type missing", U, Utf8("""{"page_url":"/x"}"""), "user_id", "event_type");
        Add("user: page_url too long", U, With(User, o => o["page_url"] = "/" + new string('p', 2048)), "page_url");
        Add("user: page_url is a number", U, With(User, o => o["page_url"] = 1), "page_url");
        Add("user: timestamp not a date", U, With(User, o => o["timestamp"] = "yesterday"), "timestamp");
        Add("user: timestamp before 2000", U, With(User, o => o["timestamp"] = "1999-12-31T23:59:59Z"), "timestamp");
        Add("user: timestamp after 2100", U, With(User, o => o["timestamp"] = "2101-01-01T00:00:00Z"), "timestamp");
        Add("user: timestamp as epoch number", U, With(User, o => o["timestamp"] = 1764064800), "timestamp");
        Add("user: timestamp impossible date", U, With(User, o => o["timestamp"] = "2026-02-30T10:00:00Z"), "timestamp");
        Add("user: metadata is a string", U, With(User, o => o["metadata"] = "mobile"), "metadata");
        Add("user: metadata.device is a number", U, With(User, o => o["metadata"]!["device"] = 7), "metadata.device");
        Add("user: metadata.session_id empty", U, With(User, o => o["metadata"]!["session_id"] = ""), "metadata.session_id");
        Add("user: event_id with a space", U, With(User, o => o["event_id"] = "a b"), "event_id");
        Add("user: event_id too long", U, With(User, o => o["event_id"] = new string('e', 129)), "event_id");
        Add("user: event_id is a number", U, With(User, o => o["event_id"] = 12), "event_id");
        Add("user: body is an array", U, Utf8("[" + User + "]"), "body");
        Add("user: body is not JSON", U, Utf8("user_id=u-1&event_type=login"), "body");
        Add("user: body is empty", U, [], "body");
        Add("user: body is JSON null", U, Utf8("null"), "body");
        Add("user: body has trailing garbage", U, Utf8(User + " x"), "body");
        Add("user: body truncated", U, Utf8(User[..20]), "body");
        Add("user: invalid UTF-8 bytes", U, [.. Utf8("{\"user_id\":\"u"), 0xC3, 0x28, .. Utf8("\",\"event_type\":\"login\"}")], "body");
        Add("user: nesting depth 33", U, With(User, o => o["metadata"]!["deep"] = JsonNode.Parse(NestedArrays(31))), "body");
        Add("user: nesting depth 500, past the JSON reader's own limit", U, Utf8("""{"user_id":"a","event_type":"login","metadata":{"deep":""" + new string('[', 500) + new string(']', 500) + "}}"), "body");
        Add("user: truncated inside deep nesting", U, Utf8("""{"user_id":"a","event_type":"login","metadata":{"deep":""" + new string('[', 40)), "body");
        Add("user: huge string in metadata", U, With(User, o => o["metadata"]!["note"] = new string('n', 70_000)), "metadata.note");
        Add("user: duplicate user_id", U, Utf8("""{"user_id":"a","user_id":"b","event_type":"login"}"""), "user_id");
        Add("user: duplicate key in metadata", U, Utf8("""{"user_id":"a","event_type":"login","metadata":{"device":"x","device":"y"}}"""), "metadata.device");
        Add("user: duplicate user_id, once escaped", U, Utf8("""{"user_id":"a","user\u005fid":"b","event_type":"login"}"""), "user_id");
        Add("user: duplicate among many metadata keys", U, Utf8("""{"user_id":"a","event_type":"login","metadata":{""" + string.Concat(Enumerable.Range(0, 30).Select(i => $"\"k{i}\":\"v\",")) + "\"k7\":\"w\"}}"), "metadata.k7");
        Add("user: lone surrogate in metadata", U, Utf8("""{"user_id":"a","event_type":"login","metadata":{"x":"\ud800"}}"""), "metadata.x");

        // product_analytics
        Add("product: missing product_id and action", P, Utf8("""{"user_id":"u-1"}"""), "product_id", "action");
        Add("product: unknown action", P, With(Product, o => o["action"] = "buy"), "action");
        Add("product: action in uppercase", P, With(Product, o => o["action"] = "VIEW"), "action");
        Add("product: action is a number", P, With(Product, o => o["action"] = 1), "action");
        Add("product: quantity 0", P, With(Product, o => o["quantity"] = 0), "quantity");
        Add("product: quantity 1.5", P, With(Product, o => o["quantity"] = 1.5), "quantity");
        Add("product: quantity as string", P, With(Product, o => o["quantity"] = "2"), "quantity");
        Add("product: quantity too large", P, With(Product, o => o["quantity"] = 3_000_000_000L), "quantity");
        Add("product: negative price", P, With(Product, o => o["properties"]!["price"] = -1), "properties.price");
        Add("product: price as string", P, With(Product, o => o["properties"]!["price"] = "10"), "properties.price");
        Add("product: price overflows decimal", P, Utf8("""{"product_id":"p","action":"view","properties":{"price":1e400}}"""), "properties.price");
        Add("product: session_id is a number", P, With(Product, o => o["session_id"] = 5), "session_id");
        Add("product: blank user_id", P, With(Product, o => o["user_id"] = "   "), "user_id");
        Add("product: properties is an array", P, With(Product, o => o["properties"] = new JsonArray()), "properties");
        Add("product: category is an object", P, With(Product, o => o["properties"]!["category"] = new JsonObject()), "properties.category");

        // order_events
        Add("order: empty object", O, Utf8("{}"), "order_id", "user_id", "status", "total_amount");
        Add("order: negative total_amount", O, With(Order, o => o["total_amount"] = -0.01m), "total_amount");
        Add("order: total_amount as string", O, With(Order, o => o["total_amount"] = "30000"), "total_amount");
        Add("order: total_amount overflows decimal", O, Utf8("""{"order_id":"o","user_id":"u","status":"paid","total_amount":1e30}"""), "total_amount");
        Add("order: total_amount above the limit", O, With(Order, o => o["total_amount"] = 2e18m), "total_amount");
        Add("order: unknown status", O, With(Order, o => o["status"] = "pending"), "status");
        Add("order: lowercase currency", O, With(Order, o => o["currency"] = "krw"), "currency");
        Add("order: currency of four letters", O, With(Order, o => o["currency"] = "KRWX"), "currency");
        Add("order: items is an object", O, With(Order, o => o["items"] = new JsonObject()), "items");
        Add("order: item is not an object", O, With(Order, o => o["items"]![0] = 5), "items[0]");
        Add("order: three bad items", O, With(Order, o =>
        {
            o["items"]![0]!["quantity"] = 0;
            o["items"]![1]!.AsObject().Remove("product_id");
            o["items"]![2]!["price"] = -1;
        }), "items[0].quantity", "items[1].product_id", "items[2].price");
        Add("order: item quantity as string", O, With(Order, o => o["items"]![0]!["quantity"] = "1"), "items[0].quantity");
        Add("order: item price overflows", O, Utf8("""{"order_id":"o","user_id":"u","status":"paid","total_amount":1,"items":[{"product_id":"p","quantity":1,"price":-1e99}]}"""), "items[0].price");
        Add("order: too many items", O, With(Order, o =>
        {
            var items = new JsonArray();
            for (var i = 0; i < 1001; i++)
            {
                items.Add(new JsonObject { ["product_id"] = "p", ["quantity"] = 1, ["price"] = 1 });
            }

            o["items"] = items;
        }), "items");
        Add("order: shipping_address is an array", O, With(Order, o => o["shipping_address"] = new JsonArray()), "shipping_address");
        Add("order: shipping_address.city is a number", O, With(Order, o => o["shipping_address"]!["city"] = 1), "shipping_address.city");
        Add("order: payment_method is a number", O, With(Order, o => o["payment_method"] = 1), "payment_method");
        Add("order: three problems at once", O, With(Order, o =>
        {
            o["total_amount"] = -5;
            o["status"] = "lost";
            o["timestamp"] = "2026-13-01T00:00:00Z";
        }), "total_amount", "status", "timestamp");
        Add("order: invalid UTF-8 in a string", O, [.. Utf8("{\"order_id\":\"o"), 0xFF, .. Utf8("\",\"user_id\":\"u\",\"status\":\"paid\",\"total_amount\":1}")], "body");
        Add("order: very deep nesting in an unknown field", O, Utf8(Order.TrimEnd()[..^1] + ",\"x\":" + NestedArrays(100_000) + "}"), "body");
        Add("order: user_id has a newline", O, With(Order, o => o["user_id"] = "u\n1"), "user_id");
        return data;
    }
}
