using Streaming.Analytics.Popularity;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Tests.Popularity;

/// <summary>
/// The batch reference of SPEC §3.2, written independently of <see cref="ProductWindowsLogic"/>: replay the delivery
/// order to learn each event's arrival watermark (max event time so far − B) and whether it is late, then for every
/// window and product aggregate the events that lie in the window and arrived while it was open.
/// </summary>
internal static class NaivePopularity
{
    public sealed record Arrival(ProductActivity Event, DateTimeOffset Watermark, bool IsLate);

    public static List<Arrival> Arrivals(IEnumerable<ProductActivity> delivered, TimeSpan bound, long windowMs, long slideMs)
    {
        var result = new List<Arrival>();
        DateTimeOffset? max = null;
        foreach (var e in delivered)
        {
            var wm = max is { } m ? m - bound : DateTimeOffset.MinValue;
            var t = e.Time.ToUnixTimeMilliseconds();
            var lastWindowEnd = (long)Math.Floor(t / (double)slideMs) * slideMs + windowMs;
            var late = wm != DateTimeOffset.MinValue && lastWindowEnd <= wm.ToUnixTimeMilliseconds();
            result.Add(new Arrival(e, wm, late));
            max = max is { } mm && mm > e.Time ? mm : e.Time;
        }

        return result;
    }

    public static List<ProductPopularity> Windows(IEnumerable<Arrival> arrivals, long windowMs, long slideMs)
    {
        var accepted = arrivals.Where(a => !a.IsLate).ToList();
        var result = new List<ProductPopularity>();
        foreach (var product in accepted.GroupBy(a => a.Event.ProductId, StringComparer.Ordinal))
        {
            var times = product.Select(a => a.Event.Time.ToUnixTimeMilliseconds()).ToList();
            var firstStart = ((long)Math.Floor(times.Min() / (double)slideMs) * slideMs) - windowMs;
            var lastStart = times.Max();
            for (var start = firstStart; start <= lastStart; start += slideMs)
            {
                var end = start + windowMs;
                var inWindow = product
                    .Where(a => a.Event.Time.ToUnixTimeMilliseconds() >= start && a.Event.Time.ToUnixTimeMilliseconds() < end)
                    .Where(a => a.Watermark == DateTimeOffset.MinValue || end > a.Watermark.ToUnixTimeMilliseconds())
                    .Select(a => a.Event)
                    .ToList();
                if (inWindow.Count > 0)
                {
                    result.Add(Aggregate(product.Key, start, end, inWindow));
                }
            }
        }

        return Ordered(result);
    }

    public static List<ProductPopularity> Ordered(IEnumerable<ProductPopularity> records) =>
        [.. records.OrderBy(r => r.ProductId, StringComparer.Ordinal).ThenBy(r => r.WindowStart)];

    private static ProductPopularity Aggregate(string product, long start, long end, List<ProductActivity> events)
    {
        long views = events.Count(e => e.Action == ProductAction.View);
        long carts = events.Count(e => e.Action == ProductAction.AddToCart);
        long purchases = events.Where(e => e.Action == ProductAction.Purchase).Sum(e => (long)e.Quantity);
        var revenue = events.Where(e => e.Action == ProductAction.Purchase && e.Price.HasValue).Sum(e => e.Price!.Value * e.Quantity);
        var users = events.Select(e => e.UserId).Where(u => !string.IsNullOrEmpty(u)).Distinct(StringComparer.Ordinal).Count();
        return new ProductPopularity(
            product,
            DateTimeOffset.FromUnixTimeMilliseconds(start),
            DateTimeOffset.FromUnixTimeMilliseconds(end),
            views,
            carts,
            purchases,
            users,
            revenue,
            views == 0 ? 0m : Math.Round((decimal)purchases / views, 6, MidpointRounding.AwayFromZero),
            views == 0 ? 0m : Math.Round((decimal)carts / views, 6, MidpointRounding.AwayFromZero),
            views + (3 * carts) + (5 * purchases),
            Latest(events, e => e.Category),
            Latest(events, e => e.Brand));
    }

    private static string? Latest(List<ProductActivity> events, Func<ProductActivity, string?> value) =>
        events.Where(e => !string.IsNullOrEmpty(value(e)))
            .OrderByDescending(e => e.Time)
            .ThenByDescending(e => e.EventId, StringComparer.Ordinal)
            .Select(value)
            .FirstOrDefault();

    /// <summary>The reference trending record of one window: sort by score descending, id ascending, take N.</summary>
    public static (List<string> Top, SortedDictionary<string, List<string>> ByCategory) Trending(IEnumerable<ProductPopularity> window, int n)
    {
        var list = window.ToList();
        List<string> Take(IEnumerable<ProductPopularity> rs) =>
            [.. rs.OrderByDescending(r => r.PopularityScore).ThenBy(r => r.ProductId, StringComparer.Ordinal).Take(n).Select(r => r.ProductId)];
        var byCategory = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var category in list.Select(r => r.Category).Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal))
        {
            byCategory[category!] = Take(list.Where(r => r.Category == category));
        }

        return (Take(list), byCategory);
    }

    /// <summary>
    /// Asserts that a trending record is the reference's for its window: its bounds, the window's product count, and
    /// overall and per category the entries by rank, each with the figures of its product's window record.
    /// </summary>
    public static void AssertTrending(IReadOnlyCollection<ProductPopularity> window, int n, TrendingProducts actual)
    {
        var (expectedTop, expectedByCategory) = Trending(window, n);
        List<TrendingProduct> Entries(List<string> ids) =>
        [
            .. ids.Select((id, i) => window.Single(r => r.ProductId == id) is var r
                ? new TrendingProduct(i + 1, r.ProductId, r.PopularityScore, r.Views, r.AddToCart, r.Purchases, r.UniqueUsers, r.Revenue, r.Category, r.Brand)
                : null!),
        ];
        Assert.Equal((window.First().WindowStart, window.First().WindowEnd, window.Count), (actual.WindowStart, actual.WindowEnd, actual.ProductCount));
        Assert.Equal(Entries(expectedTop), actual.TopProducts);
        Assert.Equal(expectedByCategory.Keys, actual.ByCategory.Keys);
        foreach (var (category, ids) in expectedByCategory)
        {
            Assert.Equal(Entries(ids), actual.ByCategory[category]);
        }
    }
}
