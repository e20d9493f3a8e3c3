using System.Text.Json.Serialization;

namespace Streaming.Streams.Contracts;

/// <summary>The <c>action</c> of a product_analytics event; on the wire in snake_case.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ProductAction>))]
public enum ProductAction
{
    View, AddToCart, RemoveFromCart, Purchase, Wishlist,
}
