using System.Text.Json.Serialization;

namespace Streaming.Streams.Contracts;

/// <summary>The <c>status</c> of an order_events event; on the wire in snake_case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    [JsonStringEnumMemberName("created")]
    Created,

    [JsonStringEnumMemberName("paid")]
    Paid,

    [JsonStringEnumMemberName("payment_failed")]
    PaymentFailed,

    [JsonStringEnumMemberName("shipped")]
    Shipped,

    [JsonStringEnumMemberName("delivered")]
    Delivered,

    [JsonStringEnumMemberName("cancelled")]
    Cancelled,

    [JsonStringEnumMemberName("refunded")]
    Refunded,
}
