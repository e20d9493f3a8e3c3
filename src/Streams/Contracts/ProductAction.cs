using System.Text.Json.Serialization;

namespace Streaming.Streams.Contracts;

/// <summary>The <c>action</c> of a product_analytics event; on the wire in snake_case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProductAction>))]
public enum ProductAction
{
    [JsonStringEnumMemberName("view")]
    View,

    [JsonStringEnumMemberName("add_to_cart")]
    AddToCart,

    [JsonStringEnumMemberName("remove_from_cart")]
    RemoveFromCart,

    [JsonStringEnumMemberName("purchase")]
    Purchase,

    [JsonStringEnumMemberName("wishlist")]
    Wishlist,
}
