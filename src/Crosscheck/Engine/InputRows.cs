using System.Collections.Immutable;

namespace Streaming.Crosscheck.Engine;

/// <summary>A <c>user_events</c> record with the fields sessions need; <c>T</c> is event time in epoch milliseconds.</summary>
internal sealed record UserRow(int Part, long Off, string EventId, string UserId, string EventType, string? PageUrl, string? Device, long T);

/// <summary>A <c>product_analytics</c> record with the fields popularity needs.</summary>
internal sealed record ProductRow(int Part, long Off, string EventId, string ProductId, string Action, string? UserId, int Quantity, decimal? Price, string? Category, string? Brand, long T);

/// <summary>An <c>order_events</c> record with the fields the rules need; <c>Items</c> is null when none were given.</summary>
internal sealed record OrderRow(int Part, long Off, string EventId, string OrderId, string UserId, string Status, decimal TotalAmount, ImmutableArray<OrderItemRow>? Items, long T);

/// <summary>One item of an order event.</summary>
internal sealed record OrderItemRow(int Quantity, decimal Price);
