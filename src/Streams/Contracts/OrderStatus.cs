using System.Text.Json.Serialization;

namespace Streaming.Streams.Contracts;

/// <summary>The <c>status</c> of an order_events event; on the wire in snake_case.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    Created, Paid, PaymentFailed, Shipped, Delivered, Cancelled, Refunded,
}
