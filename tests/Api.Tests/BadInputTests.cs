using System.Net;
using System.Text;
using System.Text.Json;

namespace Streaming.Api.Tests;

/// <summary>Bad input gets 400/413/415 naming every offending field, and nothing reaches a topic.</summary>
public sealed class BadInputTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    public sealed record Case(string Name, string Path, byte[] Body, string ContentType, HttpStatusCode Status, string[] Fields)
    {
        public override string ToString() => Name;
    }

    private const string U = "/api/v1/examples/user-events";
    private const string P = "/api/v1/examples/product-analytics";
    private const string O = "/api/v1/examples/order-events";
    private const string B = "/api/v1/examples/batch-events";
    private const string Produce = "/api/v1/streaming/produce";

    private static Case C(string name, string path, string body, HttpStatusCode status, params string[] fields) =>
        new(name, path, Encoding.UTF8.GetBytes(body), "application/json", status, fields);

    private static Case Bad(string name, string path, string body, params string[] fields) => C(name, path, body, HttpStatusCode.BadRequest, fields);

    private static string Nest(int depth) => new string('[', depth) + new string(']', depth);

    public static TheoryData<Case> Cases()
    {
        var invalidUtf8 = Encoding.UTF8.GetBytes("{\"user_id\":\"u").Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes("\",\"event_type\":\"click\"}")).ToArray();
        var batch101 = "[" + string.Join(",", Enumerable.Repeat("""{"user_id":"u","event_type":"click"}""", 101)) + "]";
        var data = new TheoryData<Case>
        {
            Bad("user: empty object", U, "{}", "user_id", "event_type"),
            Bad("user: user_id number", U, """{"user_id":123,"event_type":"click"}""", "user_id"),
            Bad("user: user_id null", U, """{"user_id":null,"event_type":"click"}""", "user_id"),
            Bad("user: user_id empty", U, """{"user_id":"","event_type":"click"}""", "user_id"),
            Bad("user: user_id too long", U, $$"""{"user_id":"{{new string('x', 300)}}","event_type":"click"}""", "user_id"),
            Bad("user: event_type uppercase", U, """{"user_id":"u","event_type":"Click"}""", "event_type"),
            Bad("user: event_type number", U, """{"user_id":"u","event_type":5}""", "event_type"),
            Bad("user: event_type with spaces", U, """{"user_id":"u","event_type":"page view"}""", "event_type"),
            Bad("user: timestamp not a date", U, """{"user_id":"u","event_type":"click","timestamp":"yesterday"}""", "timestamp"),
            Bad("user: timestamp in 1900", U, """{"user_id":"u","event_type":"click","timestamp":"1900-01-01T00:00:00Z"}""", "timestamp"),
            Bad("user: timestamp number", U, """{"user_id":"u","event_type":"click","timestamp":1732500000}""", "timestamp"),
            Bad("user: page_url number", U, """{"user_id":"u","event_type":"click","page_url":7}""", "page_url"),
            Bad("user: metadata string", U, """{"user_id":"u","event_type":"click","metadata":"x"}""", "metadata"),
            Bad("user: metadata.device number", U, """{"user_id":"u","event_type":"click","metadata":{"device":5}}""", "metadata.device"),
            Bad("user: event_id with spaces", U, """{"user_id":"u","event_type":"click","event_id":"has spaces"}""", "event_id"),
            Bad("user: body is an array", U, "[1,2]", "body"),
            Bad("user: body is not json", U, "user_id=u&event_type=click", "body"),
            Bad("user: truncated json", U, """{"user_id":"u","event_type":""", "body"),
            new("user: invalid UTF-8", U, invalidUtf8, "application/json", HttpStatusCode.BadRequest, ["body"]),
            Bad("user: nesting 40 deep", U, """{"user_id":"u","event_type":"click","metadata":{"deep":""" + Nest(40) + "}}", "body"),
            new("user: text/plain", U, Encoding.UTF8.GetBytes("""{"user_id":"u","event_type":"click"}"""), "text/plain", HttpStatusCode.UnsupportedMediaType, []),
            new("user: form content type", U, Encoding.UTF8.GetBytes("user_id=u"), "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, []),
            C("user: 100 KB body", U, $$"""{"user_id":"u","event_type":"click","page_url":"{{new string('a', 100_000)}}"}""", HttpStatusCode.RequestEntityTooLarge),

            Bad("product: empty object", P, "{}", "product_id", "action"),
            Bad("product: unknown action", P, """{"product_id":"p","action":"buy"}""", "action"),
            Bad("product: action null", P, """{"product_id":"p","action":null}""", "action"),
            Bad("product: product_id number", P, """{"product_id":42,"action":"view"}""", "product_id"),
            Bad("product: quantity zero", P, """{"product_id":"p","action":"purchase","quantity":0}""", "quantity"),
            Bad("product: quantity fractional", P, """{"product_id":"p","action":"purchase","quantity":1.5}""", "quantity"),
            Bad("product: quantity string", P, """{"product_id":"p","action":"purchase","quantity":"2"}""", "quantity"),
            Bad("product: negative price", P, """{"product_id":"p","action":"purchase","properties":{"price":-1}}""", "properties.price"),
            Bad("product: price string", P, """{"product_id":"p","action":"purchase","properties":{"price":"12"}}""", "properties.price"),
            Bad("product: properties array", P, """{"product_id":"p","action":"view","properties":[1]}""", "properties"),

            Bad("order: empty object", O, "{}", "order_id", "user_id", "status", "total_amount"),
            Bad("order: negative total", O, """{"order_id":"o","user_id":"u","status":"created","total_amount":-5}""", "total_amount"),
            Bad("order: total as string", O, """{"order_id":"o","user_id":"u","status":"created","total_amount":"100"}""", "total_amount"),
            Bad("order: total overflows decimal", O, """{"order_id":"o","user_id":"u","status":"created","total_amount":1e40}""", "total_amount"),
            Bad("order: unknown status", O, """{"order_id":"o","user_id":"u","status":"lost","total_amount":1}""", "status"),
            Bad("order: currency lowercase", O, """{"order_id":"o","user_id":"u","status":"created","total_amount":1,"currency":"krw"}""", "currency"),
            Bad("order: items not array", O, """{"order_id":"o","user_id":"u","status":"created","total_amount":1,"items":{}}""", "items"),
            Bad("order: item not object", O, """{"order_id":"o","user_id":"u","status":"created","total_amount":1,"items":[5]}""", "items[0]"),
            Bad("order: item quantity zero", O, """{"order_id":"o","user_id":"u","status":"created","total_amount":1,"items":[{"product_id":"p","quantity":0,"price":1}]}""", "items[0].quantity"),
            Bad("order: second item negative price", O, """{"order_id":"o","user_id":"u","status":"created","total_amount":1,"items":[{"product_id":"p","quantity":1,"price":1},{"product_id":"q","quantity":1,"price":-1}]}""", "items[1].price"),
            Bad("order: item without product", O, """{"order_id":"o","user_id":"u","status":"created","total_amount":1,"items":[{"quantity":1,"price":1}]}""", "items[0].product_id"),
            Bad("order: shipping_address string", O, """{"order_id":"o","user_id":"u","status":"created","total_amount":1,"shipping_address":"Seoul"}""", "shipping_address"),
            Bad("order: several fields at once", O, """{"order_id":"o","user_id":5,"status":"lost","total_amount":-1}""", "user_id", "status", "total_amount"),

            Bad("batch: no topic", B, "[]", "topic"),
            Bad("batch: one bad item rejects all", B + "?topic=user_events", """[{"user_id":"u","event_type":"click"},{"event_type":"click"}]""", "[1].user_id"),
            Bad("batch: result topic", B + "?topic=user_session_analytics", """[{"a":1}]""", "topic"),
            Bad("batch: internal topic", B + "?topic=__consumer_offsets", """[{"a":1}]""", "topic"),
            Bad("batch: unsafe topic name", B + "?topic=bad%20topic", """[{"a":1}]""", "topic"),
            Bad("batch: unknown custom topic", B + "?topic=never.created", """[{"a":1}]""", "topic"),
            Bad("batch: object without events", B + "?topic=user_events", """{"items":[]}""", "body"),
            C("batch: 101 events over the limit", B + "?topic=user_events", batch101, HttpStatusCode.RequestEntityTooLarge),

            Bad("produce: no topic", Produce, """{"value":{"a":1}}""", "topic"),
            Bad("produce: no value", Produce, """{"topic":"user_events"}""", "value"),
            Bad("produce: invalid event value", Produce, """{"topic":"user_events","value":{"event_type":"click"}}""", "value.user_id"),
            Bad("produce: result topic", Produce, """{"topic":"order_anomaly_alerts","value":{"a":1}}""", "topic"),
            Bad("produce: custom topic value with a lone surrogate", Produce, """{"topic":"custom.bad","value":{"a":"\ud800"}}""", "value"),
            Bad("produce: key not a string", Produce, """{"topic":"user_events","key":5,"value":{"user_id":"u","event_type":"click"}}""", "key"),
        };
        return data;
    }

    private static readonly string[] InputTopics = ["user_events", "product_analytics", "order_events"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_rejected_naming_the_fields_and_writes_nothing(Case c)
    {
        var before = InputTopics.ToDictionary(t => t, gateway.EndOffsets);

        var response = await gateway.Http.PostAsync(c.Path, GatewayFixture.Raw(c.Body, c.ContentType));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(c.Status == response.StatusCode, $"{c.Name}: expected {c.Status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)c.Status, problem.GetProperty("status").GetInt32());
        if (c.Fields.Length > 0)
        {
            var named = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
            foreach (var field in c.Fields) Assert.True(named.Contains(field), $"{c.Name}: '{field}' not named in {string.Join(", ", named)}");
            Assert.All(problem.GetProperty("errors").EnumerateObject(), p => Assert.NotEmpty(p.Value.EnumerateArray().First().GetString()!));
        }
        foreach (var topic in InputTopics) Assert.Equal(before[topic], gateway.EndOffsets(topic));
    }

    [Fact]
    public void The_table_has_at_least_forty_cases() => Assert.True(Cases().Count >= 40);
}
