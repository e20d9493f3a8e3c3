using System.Diagnostics.CodeAnalysis;

namespace Streaming.Streams.Contracts;

/// <summary>The three input event kinds of SPEC §1.</summary>
public static class EventKinds
{
    /// <summary><c>user_events</c>, keyed by user_id.</summary>
    public static EventKind<UserEvent> User { get; } =
        new(TopicNames.UserEvents, e => e.UserId, UserEventReader.Read, ContractJson.UserEvent);

    /// <summary><c>product_analytics</c>, keyed by product_id.</summary>
    public static EventKind<ProductEvent> Product { get; } =
        new(TopicNames.ProductAnalytics, e => e.ProductId, ProductEventReader.Read, ContractJson.ProductEvent);

    /// <summary><c>order_events</c>, keyed by user_id.</summary>
    public static EventKind<OrderEvent> Order { get; } =
        new(TopicNames.OrderEvents, e => e.UserId, OrderEventReader.Read, ContractJson.OrderEvent);

    public static IReadOnlyList<IEventKind> All { get; } = [User, Product, Order];

    /// <summary>The kind whose topic is exactly <paramref name="topic"/>, or null.</summary>
    public static IEventKind? ByTopic(string? topic) => topic switch
    {
        TopicNames.UserEvents => User,
        TopicNames.ProductAnalytics => Product,
        TopicNames.OrderEvents => Order,
        _ => null,
    };

    public static bool TryGetByTopic(string? topic, [NotNullWhen(true)] out IEventKind? kind)
    {
        kind = ByTopic(topic);
        return kind is not null;
    }
}
