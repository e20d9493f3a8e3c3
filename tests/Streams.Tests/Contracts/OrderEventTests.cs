using Streaming.Streams.Contracts;
using static Streaming.Streams.Tests.Contracts.JsonAssert;

namespace Streaming.Streams.Tests.Contracts;

public sealed class OrderEventTests
{
    [Fact]
    public void FullEventIsTypedAndWritten()
    {
        var body = Bodies.With(Bodies.Order, o =>
        {
            o["status"] = "payment_failed";
            o["total_amount"] = 30000.10m;
            o["currency"] = "USD";
            o["shipping_address"]!["zip"] = "06000";
        });

        var e = EventKinds.Order.Parse(body, TestStamp.Create()).GetValueOrThrow();

        Assert.Equal(OrderStatus.PaymentFailed, e.Status);
        Assert.Equal(30000.10m, e.TotalAmount);
        Assert.Equal(3, e.Items!.Count);
        Assert.Equal(new OrderItem { ProductId = "p-2", Quantity = 2, Price = 10000m }, e.Items[1]);
        Assert.Equal("u-1", EventKinds.Order.KeyOf(e));
        var json = Root(EventKinds.Order.Serialize(e));
        Assert.Equal("o-1", Str(json, "order_id"));
        Assert.Equal("u-1", Str(json, "user_id"));
        Assert.Equal("payment_failed", Str(json, "status"));
        Assert.Equal(30000.10m, json.GetProperty("total_amount").GetDecimal());
        Assert.Equal("USD", Str(json, "currency"));
        Assert.Equal("card", Str(json, "payment_method"));
        var items = json.GetProperty("items");
        Assert.Equal(3, items.GetArrayLength());
        Assert.Equal("p-2", Str(items[1], "product_id"));
        Assert.Equal(2, items[1].GetProperty("quantity").GetInt32());
        Assert.Equal(10000m, items[1].GetProperty("price").GetDecimal());
        Assert.Equal(0m, items[2].GetProperty("price").GetDecimal());
        var address = json.GetProperty("shipping_address");
        Assert.Equal("Seoul", Str(address, "city"));
        Assert.Equal("Gangnam", Str(address, "district"));
        Assert.Equal("06000", Str(address, "zip"));
    }

    [Fact]
    public void CurrencyDefaultsToKrwAndAbsentItemsStayAbsent()
    {
        var e = EventKinds.Order.Parse("""{"order_id":"o","user_id":"u","status":"created","total_amount":0}"""u8, TestStamp.Create())
            .GetValueOrThrow();

        Assert.Equal("KRW", e.Currency);
        Assert.Null(e.Items);
        var json = Root(EventKinds.Order.Serialize(e));
        Assert.Equal("KRW", Str(json, "currency"));
        Assert.Equal(0m, json.GetProperty("total_amount").GetDecimal());
        Absent(json, "items");
        Absent(json, "shipping_address");
        Absent(json, "payment_method");
    }

    [Fact]
    public void AnEmptyItemsArrayIsKeptEmpty()
    {
        var e = EventKinds.Order.Parse("""{"order_id":"o","user_id":"u","status":"paid","total_amount":1,"items":[]}"""u8, TestStamp.Create())
            .GetValueOrThrow();

        Assert.Empty(e.Items!);
        Assert.Equal(0, Root(EventKinds.Order.Serialize(e)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public void DecimalsKeepTheirExactValue()
    {
        var e = EventKinds.Order.Parse("""{"order_id":"o","user_id":"u","status":"paid","total_amount":0.1000000000000000000000000001}"""u8, TestStamp.Create())
            .GetValueOrThrow();

        Assert.Equal(0.1000000000000000000000000001m, e.TotalAmount);
        Assert.Equal(0.1000000000000000000000000001m, Root(EventKinds.Order.Serialize(e)).GetProperty("total_amount").GetDecimal());
    }

    [Theory]
    [InlineData("created")]
    [InlineData("paid")]
    [InlineData("payment_failed")]
    [InlineData("shipped")]
    [InlineData("delivered")]
    [InlineData("cancelled")]
    [InlineData("refunded")]
    public void EveryStatusIsAcceptedAndWrittenBackTheSame(string status)
    {
        var e = EventKinds.Order.Parse(Bodies.With(Bodies.Order, o => o["status"] = status), TestStamp.Create()).GetValueOrThrow();

        Assert.Equal(status, e.Status.ToWire());
        Assert.Equal(status, Str(Root(EventKinds.Order.Serialize(e)), "status"));
    }
}
