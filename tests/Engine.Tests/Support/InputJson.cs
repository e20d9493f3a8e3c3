using Streaming.Analytics.Anomalies;
using Streaming.Analytics.Popularity;
using Streaming.Analytics.Sessions;
using Streaming.Streams.Contracts;

namespace Streaming.Engine.Tests.Support;

/// <summary>The input records the gateway would have written for the analytics' inputs (the contract's own serialization).</summary>
public static class InputJson
{
    private static readonly DateTimeOffset Ingested = ProcessorHarness.Wall;

    public static byte[] Of(SessionEvent e) => EventKinds.User.Serialize(new UserEvent
    {
        EventId = e.EventId, UserId = e.UserId, EventType = e.EventType, PageUrl = e.PageUrl,
        Metadata = e.Device is null ? null : new EventMetadata { Device = e.Device }, Timestamp = e.Time, IngestedAt = Ingested,
    });

    public static byte[] Of(ProductActivity e) => EventKinds.Product.Serialize(new ProductEvent
    {
        // The contract refuses an empty user_id; the logic counts it as none, like a missing one.
        EventId = e.EventId, ProductId = e.ProductId, Action = e.Action, UserId = string.IsNullOrEmpty(e.UserId) ? null : e.UserId, Quantity = e.Quantity,
        Properties = e.Price is null && e.Category is null && e.Brand is null ? null : new ProductProperties { Price = e.Price, Category = e.Category, Brand = e.Brand },
        Timestamp = e.Time, IngestedAt = Ingested,
    });

    public static byte[] Of(OrderActivity e) => EventKinds.Order.Serialize(new OrderEvent
    {
        EventId = e.EventId, OrderId = e.OrderId, UserId = e.UserId, Status = e.Status, TotalAmount = e.TotalAmount,
        Items = e.ItemsTotal is { } items ? [new OrderItem { ProductId = "p", Quantity = 1, Price = items }] : null,
        Timestamp = e.Time, IngestedAt = Ingested,
    });
}
