using System.Text.Json;

namespace Streaming.Nodes.Tests;

/// <summary>
/// A product's sliding window as the naive reference computes it: for every window [k·S, k·S+W)
/// that contains at least one of the product's events, sum over the events inside it.
/// </summary>
public sealed record ExpectedWindow(string ProductId, long StartMs, long EndMs, long Views, long AddToCart, long Purchases, long UniqueUsers,
    decimal Revenue, decimal ConversionRate, decimal CartRate, long Score, string? Category, string? Brand)
{
    public string ResultId => $"{StartMs}:{ProductId}";

    public static IReadOnlyList<ExpectedWindow> Compute(IEnumerable<ProductTraffic.Input> events, TimeSpan window, TimeSpan slide)
    {
        long w = (long)window.TotalMilliseconds, s = (long)slide.TotalMilliseconds;
        var result = new List<ExpectedWindow>();
        foreach (var product in events.GroupBy(e => e.ProductId))
        {
            var starts = product.SelectMany(e =>
            {
                var t = e.Time.ToUnixTimeMilliseconds();
                var last = t - (t % s);
                return Enumerable.Range(0, (int)(w / s)).Select(i => last - (i * s));
            }).Distinct().Order();
            foreach (var start in starts)
            {
                var inside = product.Where(e => e.Time.ToUnixTimeMilliseconds() >= start && e.Time.ToUnixTimeMilliseconds() < start + w).ToList();
                long views = inside.Count(e => e.Action == "view");
                long carts = inside.Count(e => e.Action == "add_to_cart");
                long purchases = inside.Where(e => e.Action == "purchase").Sum(e => (long)e.Quantity);
                var revenue = inside.Where(e => e.Action == "purchase").Sum(e => (e.Price ?? 0m) * e.Quantity);
                var latest = inside.OrderBy(e => e.Time).ThenBy(e => e.EventId, StringComparer.Ordinal).Last();
                result.Add(new ExpectedWindow(product.Key, start, start + w, views, carts, purchases,
                    inside.Where(e => !string.IsNullOrEmpty(e.UserId)).Select(e => e.UserId).Distinct().Count(),
                    revenue, Rate(purchases, views), Rate(carts, views), views + (3 * carts) + (5 * purchases), latest.Category, latest.Brand));
            }
        }
        return result;
    }

    private static decimal Rate(long part, long views) => views == 0 ? 0m : Math.Round((decimal)part / views, 6, MidpointRounding.AwayFromZero);

    /// <summary>Reads a product_popularity_metrics record into the same shape.</summary>
    public static ExpectedWindow FromRecord(string json)
    {
        var r = JsonDocument.Parse(json).RootElement;
        return new ExpectedWindow(r.GetProperty("product_id").GetString()!,
            r.GetProperty("window_start").GetDateTimeOffset().ToUnixTimeMilliseconds(), r.GetProperty("window_end").GetDateTimeOffset().ToUnixTimeMilliseconds(),
            r.GetProperty("views").GetInt64(), r.GetProperty("add_to_cart").GetInt64(), r.GetProperty("purchases").GetInt64(), r.GetProperty("unique_users").GetInt64(),
            r.GetProperty("revenue").GetDecimal(), r.GetProperty("conversion_rate").GetDecimal(), r.GetProperty("cart_rate").GetDecimal(),
            r.GetProperty("popularity_score").GetInt64(), r.GetProperty("category").GetString(), r.GetProperty("brand").GetString());
    }

    /// <summary>The naive trending list of one window: "rank:product:score" overall, and per category.</summary>
    public static (int Count, string Top, string ByCategory) Trending(IEnumerable<ExpectedWindow> windowRecords, int n)
    {
        var all = windowRecords.ToList();
        static string List(IEnumerable<ExpectedWindow> rs, int n) => string.Join(",", rs.OrderByDescending(r => r.Score).ThenBy(r => r.ProductId, StringComparer.Ordinal)
            .Take(n).Select((r, i) => $"{i + 1}:{r.ProductId}:{r.Score}"));
        var byCategory = string.Join(";", all.Where(r => !string.IsNullOrEmpty(r.Category)).GroupBy(r => r.Category!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key + "=" + List(g, n)));
        return (all.Count, List(all, n), byCategory);
    }

    /// <summary>Reads a trending_products record into the shape of <see cref="Trending"/>.</summary>
    public static (long EndMs, int Count, string Top, string ByCategory) TrendingFromRecord(string json)
    {
        var r = JsonDocument.Parse(json).RootElement;
        static string List(JsonElement list) => string.Join(",", list.EnumerateArray()
            .Select(p => $"{p.GetProperty("rank").GetInt32()}:{p.GetProperty("product_id").GetString()}:{p.GetProperty("popularity_score").GetInt64()}"));
        var byCategory = string.Join(";", r.GetProperty("by_category").EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + "=" + List(p.Value)));
        return (r.GetProperty("window_end").GetDateTimeOffset().ToUnixTimeMilliseconds(), r.GetProperty("product_count").GetInt32(), List(r.GetProperty("top_products")), byCategory);
    }
}
