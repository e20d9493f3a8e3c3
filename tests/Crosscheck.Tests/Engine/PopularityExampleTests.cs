using static Streaming.Crosscheck.Tests.Engine.Scenario;

namespace Streaming.Crosscheck.Tests.Engine;

/// <summary>SPEC §3.2 by hand-worked example (W = 10 s, S = 2 s, N = 3, B = 2 s; T0 is a multiple of S).</summary>
public sealed class PopularityExampleTests
{
    [Fact]
    public void An_event_counts_in_every_window_containing_it_with_the_windows_figures()
    {
        var results = new Scenario()
            .Product("v1", "lamp", "view", 4, user: "u1", category: "home", brand: "acme")
            .Product("v2", "lamp", "view", 4.5, user: "u2")
            .Product("v3", "lamp", "view", 5)
            .Product("c1", "lamp", "add_to_cart", 5.5, user: "u1", category: "garden")
            .Product("b1", "lamp", "purchase", 5.9, user: "u3", quantity: 2, price: 12.5m)
            .Product("b2", "lamp", "purchase", 5.9, user: "u3", quantity: 1) // no price: no revenue
            .Run();

        // Events at 4..5.9 lie in panes 4 and ... all in [4, 6): the windows starting at -4, -2, 0, 2, 4.
        Assert.Equal(new[] { -4.0, -2, 0, 2, 4 }.Select(Time), results.Popularity.Select(p => p.WindowStart));
        var w = results.Popularity[0];
        Assert.Equal(Time(6), w.WindowEnd);
        Assert.Equal((3L, 1L, 3L, 3L), (w.Views, w.AddToCart, w.Purchases, w.UniqueUsers));
        Assert.Equal(25m, w.Revenue);
        Assert.Equal(1m, w.ConversionRate);
        Assert.Equal(0.333333m, w.CartRate);
        Assert.Equal(3 + (3 * 1) + (5 * 3), w.PopularityScore);
        Assert.Equal(("garden", "acme"), (w.Category, w.Brand)); // the latest event that had each
        Assert.All(results.Popularity, p => Assert.Equal(w with { WindowStart = p.WindowStart, WindowEnd = p.WindowEnd }, p));
    }

    [Fact]
    public void Rates_round_half_away_from_zero_to_six_places()
    {
        var s = new Scenario();
        for (var i = 0; i < 3; i++) s.Product($"v{i}", "mug", "view", 1);
        s.Product("b", "mug", "purchase", 1, quantity: 2);
        var w = s.Run().Popularity[0];
        Assert.Equal(0.666667m, w.ConversionRate);
    }

    [Fact]
    public void A_disordered_event_counts_only_in_the_windows_still_open_and_is_late_when_none_is()
    {
        var results = new Scenario()
            .Product("a", "pen", "view", 11) // watermark 9 afterwards
            .Product("b", "pen", "view", 3) // windows of pane 2 start at -6 … 2 and end at 4 … 12; those ending at 4, 6, 8 have closed
            .Product("c", "kit", "view", 40) // watermark 38
            .Product("d", "kit", "view", 20) // its last window ends at 30 <= 38: late
            .Run();

        var pen = results.Popularity.Where(p => p.ProductId == "pen").ToDictionary(p => p.WindowStart, p => p.Views);
        Assert.Equal(new Dictionary<DateTimeOffset, long>
        {
            [Time(2)] = 2, [Time(0)] = 1, [Time(4)] = 1, [Time(6)] = 1, [Time(8)] = 1, [Time(10)] = 1,
        }, pen);
        var late = Assert.Single(results.Late);
        Assert.Equal("d", late.EventId);
        Assert.Contains("ends at", late.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(results.Popularity, p => p.ProductId == "kit" && p.WindowStart <= Time(20) && p.WindowEnd > Time(20));
    }

    [Fact]
    public void Trending_lists_the_top_N_per_window_overall_and_per_category_ties_by_product_id()
    {
        var results = new Scenario()
            .Product("1", "p-b", "add_to_cart", 1, category: "toys")
            .Product("2", "p-a", "add_to_cart", 1, category: "toys")
            .Product("3", "p-c", "purchase", 1)
            .Product("4", "p-d", "view", 1, category: "home")
            .Product("5", "p-e", "view", 1, category: "toys")
            .Run();

        var trending = results.Trending.Single(t => t.WindowStart == Time(0));
        Assert.Equal(5, trending.ProductCount);
        Assert.Equal(["p-c", "p-a", "p-b"], trending.TopProducts.Select(e => e.ProductId));
        Assert.Equal([1L, 2, 3], trending.TopProducts.Select(e => e.Rank));
        Assert.Equal(["home", "toys"], trending.ByCategory.Keys);
        Assert.Equal(["p-a", "p-b", "p-e"], trending.ByCategory["toys"].Select(e => e.ProductId));
        Assert.Equal(["p-d"], trending.ByCategory["home"].Select(e => e.ProductId));
        Assert.Equal(5, results.Trending.Length); // the windows starting at -8, -6, -4, -2, 0
    }
}
