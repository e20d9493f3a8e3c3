using Streaming.Streams.Contracts;
using static Streaming.Streams.Tests.Contracts.JsonAssert;

namespace Streaming.Streams.Tests.Contracts;

public sealed class ProductEventTests
{
    [Fact]
    public void FullEventIsTypedAndWritten()
    {
        var body = """
            {"product_id":"p-9","action":"add_to_cart","user_id":"u-1","session_id":"s-1","quantity":3,
             "timestamp":"2026-11-25T10:00:00Z","properties":{"category":"shoes","price":12000.50,"brand":"acme","color":"red","sizes":[250,260]}}
            """;

        var e = EventKinds.Product.Parse(Bodies.Utf8(body), TestStamp.Create()).GetValueOrThrow();

        Assert.Equal(ProductAction.AddToCart, e.Action);
        Assert.Equal(12000.50m, e.Properties!.Price);
        Assert.Equal("p-9", EventKinds.Product.KeyOf(e));
        var json = Root(EventKinds.Product.Serialize(e));
        Assert.Equal("gen-1", Str(json, "event_id"));
        Assert.Equal("p-9", Str(json, "product_id"));
        Assert.Equal("add_to_cart", Str(json, "action"));
        Assert.Equal("u-1", Str(json, "user_id"));
        Assert.Equal("s-1", Str(json, "session_id"));
        Assert.Equal(3, json.GetProperty("quantity").GetInt32());
        Assert.Equal("2026-11-25T10:00:00.000Z", Str(json, "timestamp"));
        var properties = json.GetProperty("properties");
        Assert.Equal("shoes", Str(properties, "category"));
        Assert.Equal(12000.50m, properties.GetProperty("price").GetDecimal());
        Assert.Equal("acme", Str(properties, "brand"));
        Assert.Equal("red", Str(properties, "color"));
        SameJson("[250,260]", properties.GetProperty("sizes"));
    }

    [Fact]
    public void QuantityDefaultsToOneAndOptionalFieldsAreOmitted()
    {
        var e = EventKinds.Product.Parse("""{"product_id":"p","action":"wishlist"}"""u8, TestStamp.Create()).GetValueOrThrow();

        Assert.Equal(1, e.Quantity);
        var json = Root(EventKinds.Product.Serialize(e));
        Assert.Equal(1, json.GetProperty("quantity").GetInt32());
        Assert.Equal("wishlist", Str(json, "action"));
        Absent(json, "user_id");
        Absent(json, "session_id");
        Absent(json, "properties");
    }

    [Theory]
    [InlineData("view", ProductAction.View)]
    [InlineData("add_to_cart", ProductAction.AddToCart)]
    [InlineData("remove_from_cart", ProductAction.RemoveFromCart)]
    [InlineData("purchase", ProductAction.Purchase)]
    [InlineData("wishlist", ProductAction.Wishlist)]
    public void EveryActionIsAcceptedAndWrittenBackTheSame(string action, ProductAction expected)
    {
        var body = Bodies.With(Bodies.Product, o => o["action"] = action);

        var e = EventKinds.Product.Parse(body, TestStamp.Create()).GetValueOrThrow();

        Assert.Equal(expected, e.Action);
        Assert.Equal(action, expected.ToWire());
        Assert.Equal(action, Str(Root(EventKinds.Product.Serialize(e)), "action"));
    }

    [Theory]
    [InlineData("2", 2)]
    [InlineData("2.0", 2)]
    [InlineData("1e2", 100)]
    public void IntegralNumbersAreAcceptedAsQuantity(string quantity, int expected)
    {
        var body = Bodies.Utf8("""{"product_id":"p","action":"purchase","quantity":""" + quantity + "}");

        Assert.Equal(expected, EventKinds.Product.Parse(body, TestStamp.Create()).GetValueOrThrow().Quantity);
    }
}
