using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Streaming.Crosscheck.Engine;

namespace Streaming.Crosscheck.Tests.Reference;

public sealed record UserEv(string EventId, string UserId, string Type, string? Page, string? Device, long T);

public sealed record ProductEv(string EventId, string ProductId, string Action, string? UserId, int Quantity, decimal? Price, string? Category, string? Brand, long T);

public sealed record OrderEv(string EventId, string OrderId, string UserId, string Status, decimal Total, IReadOnlyList<(int Quantity, decimal Price)>? Items, long T);

/// <summary>An event at its place in a topic.</summary>
public sealed record Placed<T>(int Partition, long Offset, T Event);

/// <summary>Input events of the three topics, each at a partition and offset (per partition in offset order).</summary>
public sealed record Dataset(IReadOnlyList<Placed<UserEv>> Users, IReadOnlyList<Placed<ProductEv>> Products, IReadOnlyList<Placed<OrderEv>> Orders)
{
    public EngineInput ToInput() => new(
        [.. Users.Select(p => Record(p.Partition, p.Offset, Json(p.Event)))],
        [.. Products.Select(p => Record(p.Partition, p.Offset, Json(p.Event)))],
        [.. Orders.Select(p => Record(p.Partition, p.Offset, Json(p.Event)))]);

    public static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Json(UserEv e)
    {
        var o = new JsonObject { ["event_id"] = e.EventId, ["user_id"] = e.UserId, ["event_type"] = e.Type, ["timestamp"] = Iso(e.T) };
        if (e.Page is not null) o["page_url"] = e.Page;
        if (e.Device is not null) o["metadata"] = new JsonObject { ["device"] = e.Device };
        return o;
    }

    public static JsonObject Json(ProductEv e)
    {
        var o = new JsonObject { ["event_id"] = e.EventId, ["product_id"] = e.ProductId, ["action"] = e.Action, ["quantity"] = e.Quantity, ["timestamp"] = Iso(e.T) };
        if (e.UserId is not null) o["user_id"] = e.UserId;
        var properties = new JsonObject();
        if (e.Price is { } price) properties["price"] = price;
        if (e.Category is not null) properties["category"] = e.Category;
        if (e.Brand is not null) properties["brand"] = e.Brand;
        if (properties.Count > 0) o["properties"] = properties;
        return o;
    }

    public static JsonObject Json(OrderEv e)
    {
        var o = new JsonObject
        {
            ["event_id"] = e.EventId, ["order_id"] = e.OrderId, ["user_id"] = e.UserId, ["status"] = e.Status, ["total_amount"] = e.Total, ["timestamp"] = Iso(e.T),
        };
        if (e.Items is not null)
            o["items"] = new JsonArray([.. e.Items.Select(i => (JsonNode)new JsonObject { ["product_id"] = "item", ["quantity"] = i.Quantity, ["price"] = i.Price })]);
        return o;
    }

    private static InputRecord Record(int partition, long offset, JsonObject json) => new(partition, offset, Encoding.UTF8.GetBytes(json.ToJsonString()));
}
