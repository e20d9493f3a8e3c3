using System.Diagnostics.CodeAnalysis;

namespace Streaming.Streams.Contracts;

/// <summary>The exact wire spelling of <see cref="ProductAction"/> and <see cref="OrderStatus"/> (case-sensitive).</summary>
public static class WireNames
{
    public static IReadOnlyList<string> ProductActions { get; } =
        ["view", "add_to_cart", "remove_from_cart", "purchase", "wishlist"];

    public static IReadOnlyList<string> OrderStatuses { get; } =
        ["created", "paid", "payment_failed", "shipped", "delivered", "cancelled", "refunded"];

    public static string ToWire(this ProductAction action) => action switch
    {
        ProductAction.View => "view",
        ProductAction.AddToCart => "add_to_cart",
        ProductAction.RemoveFromCart => "remove_from_cart",
        ProductAction.Purchase => "purchase",
        ProductAction.Wishlist => "wishlist",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static string ToWire(this OrderStatus status) => status switch
    {
        OrderStatus.Created => "created",
        OrderStatus.Paid => "paid",
        OrderStatus.PaymentFailed => "payment_failed",
        OrderStatus.Shipped => "shipped",
        OrderStatus.Delivered => "delivered",
        OrderStatus.Cancelled => "cancelled",
        OrderStatus.Refunded => "refunded",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParseProductAction([NotNullWhen(true)] string? wire, out ProductAction action)
    {
        (var ok, action) = wire switch
        {
            "view" => (true, ProductAction.View),
            "add_to_cart" => (true, ProductAction.AddToCart),
            "remove_from_cart" => (true, ProductAction.RemoveFromCart),
            "purchase" => (true, ProductAction.Purchase),
            "wishlist" => (true, ProductAction.Wishlist),
            _ => (false, default),
        };
        return ok;
    }

    public static bool TryParseOrderStatus([NotNullWhen(true)] string? wire, out OrderStatus status)
    {
        (var ok, status) = wire switch
        {
            "created" => (true, OrderStatus.Created),
            "paid" => (true, OrderStatus.Paid),
            "payment_failed" => (true, OrderStatus.PaymentFailed),
            "shipped" => (true, OrderStatus.Shipped),
            "delivered" => (true, OrderStatus.Delivered),
            "cancelled" => (true, OrderStatus.Cancelled),
            "refunded" => (true, OrderStatus.Refunded),
            _ => (false, default),
        };
        return ok;
    }
}
