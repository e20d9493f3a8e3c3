using System.Text;
using System.Text.Json.Nodes;

namespace Streaming.Streams.Tests.Contracts;

/// <summary>Valid example bodies, and variants of them with one change.</summary>
internal static class Bodies
{
    public const string User = """
        {"user_id":"u-1","event_type":"page_view","page_url":"/p/1","timestamp":"2026-11-25T10:00:00Z",
         "metadata":{"device":"mobile","location":"Seoul","session_id":"s-1"}}
        """;

    public const string Product = """
        {"product_id":"p-1","action":"view","user_id":"u-1","session_id":"s-1","timestamp":"2026-11-25T10:00:00Z",
         "quantity":1,"properties":{"category":"shoes","price":12000,"brand":"acme"}}
        """;

    public const string Order = """
        {"order_id":"o-1","user_id":"u-1","status":"created","total_amount":30000,"currency":"KRW",
         "items":[{"product_id":"p-1","quantity":1,"price":10000},{"product_id":"p-2","quantity":2,"price":10000},
                  {"product_id":"p-3","quantity":1,"price":0}],
         "shipping_address":{"city":"Seoul","district":"Gangnam"},"payment_method":"card","timestamp":"2026-11-25T10:00:00Z"}
        """;

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>The body of <paramref name="json"/> after <paramref name="change"/> edits it.</summary>
    public static byte[] With(string json, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        change(node);
        return Utf8(node.ToJsonString());
    }

    /// <summary><paramref name="depth"/> nested arrays around a 1: depth 3 is [[[1]]].</summary>
    public static string NestedArrays(int depth) => new string('[', depth) + "1" + new string(']', depth);
}
