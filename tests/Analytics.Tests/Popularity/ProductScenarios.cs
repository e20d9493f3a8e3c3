using FsCheck;
using FsCheck.Fluent;
using Streaming.Analytics.Popularity;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Tests.Popularity;

/// <summary>Generators of product activity streams for the popularity properties (W = 10 s, S = 2 s, B = 3 s, ms times).</summary>
internal static class ProductScenarios
{
    public const int WindowMs = 10_000;
    public const int SlideMs = 2_000;
    public const int BoundMs = 3_000;
    public static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(BoundMs);
    public static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly PopularityOptions Options = new(TimeSpan.FromMilliseconds(WindowMs), TimeSpan.FromMilliseconds(SlideMs), 3);

    private static readonly ProductAction[] Actions =
        [ProductAction.View, ProductAction.View, ProductAction.View, ProductAction.AddToCart, ProductAction.Purchase, ProductAction.RemoveFromCart, ProductAction.Wishlist];

    private static readonly string?[] Users = [null, "", "u1", "u2", "u3", "U1"];
    private static readonly string?[] Categories = [null, null, "", "shoes", "hats"];
    private static readonly string?[] Brands = [null, "", "acme", "zeta"];
    private static readonly decimal?[] Prices = [null, 0m, 1.5m, 10m, 19.99m];

    /// <summary>Steps between consecutive event times, biased to the boundaries (S − 1 ms, S, W, W + 1 ms, B).</summary>
    private static readonly Gen<int> Step = Gen.Frequency(
        (3, Gen.Elements(0, 1, SlideMs - 1, SlideMs, SlideMs + 1, WindowMs - 1, WindowMs, BoundMs)),
        (6, Gen.Choose(0, 2_500)),
        (1, Gen.Choose(0, 30_000)));

    private static Gen<List<ProductActivity>> Timeline(string product) =>
        from offset in Gen.Choose(0, 20_000)
        from steps in Gen.ListOf(Step)
        from details in Gen.ListOf(
            from action in Gen.Elements(Actions)
            from user in Gen.Elements(Users)
            from quantity in Gen.Choose(1, 3)
            from price in Gen.Elements(Prices)
            from category in Gen.Elements(Categories)
            from brand in Gen.Elements(Brands)
            select (action, user, quantity, price, category, brand),
            steps.Count)
        select Build(product, offset, steps, details);

    private static List<ProductActivity> Build(
        string product,
        int offset,
        List<int> steps,
        List<(ProductAction Action, string? User, int Quantity, decimal? Price, string? Category, string? Brand)> details)
    {
        var events = new List<ProductActivity>(steps.Count);
        long ms = offset;
        for (var i = 0; i < steps.Count; i++)
        {
            ms += steps[i];
            var d = details[i];
            // Ids are not in time order on purpose (ties at equal times are broken by id).
            events.Add(new ProductActivity($"{product}-{(i * 7) % 10}-{i}", product, T0.AddMilliseconds(ms), d.Action, d.User, d.Quantity, d.Price, d.Category, d.Brand));
        }

        return events;
    }

    /// <summary>All activities of one to four products, in event-time order per product.</summary>
    public static readonly Gen<List<ProductActivity>> Events =
        from count in Gen.Choose(1, 4)
        from timelines in Gen.CollectToList(Enumerable.Range(0, count).Select(i => Timeline("p" + i)))
        select timelines.SelectMany(t => t).ToList();

    /// <summary>Activities delivered at most B out of order.</summary>
    public static readonly Gen<List<ProductActivity>> BoundedDisorder = Disorder.Bounded(Events, e => e.Time, BoundMs);

    /// <summary>Activities in arbitrary order, mostly near order with some far-flung ones.</summary>
    public static readonly Gen<List<ProductActivity>> ArbitraryDisorder = Disorder.Arbitrary(Events, e => e.Time, BoundMs, 3 * WindowMs);
}
