using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Popularity;

/// <summary>One <c>product_analytics</c> record as the popularity logic needs it (SPEC §1, §3.2).</summary>
/// <param name="EventId">The event's id.</param>
/// <param name="ProductId">The product; all activities applied to one <see cref="ProductWindowsState"/> share it.</param>
/// <param name="Time">Event time; taken at millisecond precision (truncated).</param>
/// <param name="Action">What the user did.</param>
/// <param name="UserId">The user, if known; null or empty counts as none for <c>unique_users</c>.</param>
/// <param name="Quantity">Quantity (≥ 0; the contract gives ≥ 1, default 1).</param>
/// <param name="Price">Unit price (<c>properties.price</c>), if any; a purchase without one adds no revenue.</param>
/// <param name="Category">The <c>properties.category</c>, if any; null or empty counts as none.</param>
/// <param name="Brand">The <c>properties.brand</c>, if any; null or empty counts as none.</param>
public sealed record ProductActivity(
    string EventId,
    string ProductId,
    DateTimeOffset Time,
    ProductAction Action,
    string? UserId,
    int Quantity,
    decimal? Price,
    string? Category,
    string? Brand)
{
    /// <summary>The activity of an accepted <c>product_analytics</c> event.</summary>
    public static ProductActivity From(ProductEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new ProductActivity(
            e.EventId,
            e.ProductId,
            e.Timestamp,
            e.Action,
            e.UserId,
            e.Quantity,
            e.Properties?.Price,
            e.Properties?.Category,
            e.Properties?.Brand);
    }
}
