using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Popularity;

/// <summary>
/// The aggregates of one product over one slide <c>[p·S, (p+1)·S)</c> (a Flink pane). A window is the union of its
/// W ÷ S panes, so each event updates one pane. Equality is structural.
/// </summary>
public sealed record ProductPane
{
    /// <summary>Creates a pane; normally only <see cref="ProductWindowsLogic"/> does this (and deserialization).</summary>
    [JsonConstructor]
    public ProductPane(long views, long addToCart, long purchases, decimal revenue, ImmutableHashSet<string> users, LatestValue? category, LatestValue? brand)
    {
        ArgumentNullException.ThrowIfNull(users);
        Views = views;
        AddToCart = addToCart;
        Purchases = purchases;
        Revenue = revenue;
        Users = users.WithComparer(StringComparer.Ordinal);
        Category = category;
        Brand = brand;
    }

    /// <summary>Events with action <c>view</c>.</summary>
    public long Views { get; }

    /// <summary>Events with action <c>add_to_cart</c>.</summary>
    public long AddToCart { get; }

    /// <summary>Sum of the quantities of <c>purchase</c> events.</summary>
    public long Purchases { get; }

    /// <summary>Σ price × quantity of <c>purchase</c> events that had a price.</summary>
    public decimal Revenue { get; }

    /// <summary>Distinct non-empty user ids (all actions).</summary>
    public ImmutableHashSet<string> Users { get; }

    /// <summary>The latest category seen, or null.</summary>
    public LatestValue? Category { get; }

    /// <summary>The latest brand seen, or null.</summary>
    public LatestValue? Brand { get; }

    /// <summary>An empty pane.</summary>
    public static ProductPane Empty { get; } = new(0, 0, 0, 0m, [], null, null);

    /// <summary>This pane with <paramref name="a"/> (already truncated to <paramref name="time"/>) added.</summary>
    internal ProductPane Add(ProductActivity a, DateTimeOffset time) =>
        new(
            a.Action == ProductAction.View ? checked(Views + 1) : Views,
            a.Action == ProductAction.AddToCart ? checked(AddToCart + 1) : AddToCart,
            a.Action == ProductAction.Purchase ? checked(Purchases + a.Quantity) : Purchases,
            a.Action == ProductAction.Purchase && a.Price is { } price ? Revenue + (price * a.Quantity) : Revenue,
            string.IsNullOrEmpty(a.UserId) ? Users : Users.Add(a.UserId),
            string.IsNullOrEmpty(a.Category) ? Category : LatestValue.Later(Category, new LatestValue(time, a.EventId, a.Category)),
            string.IsNullOrEmpty(a.Brand) ? Brand : LatestValue.Later(Brand, new LatestValue(time, a.EventId, a.Brand)));

    /// <inheritdoc />
    public bool Equals(ProductPane? other) =>
        ReferenceEquals(this, other)
        || (other is not null
        && Views == other.Views
        && AddToCart == other.AddToCart
        && Purchases == other.Purchases
        && Revenue == other.Revenue
        && Users.SetEquals(other.Users)
        && Equals(Category, other.Category)
        && Equals(Brand, other.Brand));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Views, AddToCart, Purchases, Revenue, Users.Count);
}
