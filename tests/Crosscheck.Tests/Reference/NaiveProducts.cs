using System.Collections.Immutable;
using Streaming.Crosscheck.Engine;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Tests.Reference;

/// <summary>
/// SPEC §3.2 the slow, obvious way: replay each partition; put each event into every window [k·S, k·S + W) that
/// contains it and whose end is after the watermark at its arrival; sum each window; rank each window's products.
/// </summary>
public static class NaiveProducts
{
    public static (List<PopularityRecord> Popularity, List<TrendingRecord> Trending, HashSet<string> Late) Run(Dataset data, DuckDbEngineOptions o)
    {
        var size = (long)o.ProductWindow.TotalMilliseconds;
        var slide = (long)o.ProductSlide.TotalMilliseconds;
        var bound = (long)o.OutOfOrderness.TotalMilliseconds;
        var windows = new Dictionary<(string Product, long Start), List<ProductEv>>();
        var late = new HashSet<string>(StringComparer.Ordinal);
        foreach (var partition in data.Products.GroupBy(p => p.Partition))
        {
            long? max = null;
            foreach (var e in partition.OrderBy(p => p.Offset).Select(p => p.Event))
            {
                var wm = max - bound;
                var counted = false;
                // every k·S with k·S <= t < k·S + W
                for (var start = e.T - size + 1; start <= e.T; start++)
                {
                    if (start % slide != 0) continue;
                    if (wm is { } w && start + size <= w) continue;
                    counted = true;
                    var key = (e.ProductId, start);
                    if (!windows.TryGetValue(key, out var list)) windows[key] = list = [];
                    list.Add(e);
                }
                if (!counted) late.Add(e.EventId);
                max = max is { } m ? Math.Max(m, e.T) : e.T;
            }
        }

        var popularity = windows.Select(kv => Record(kv.Key.Product, kv.Key.Start, size, kv.Value)).ToList();
        var trending = popularity.GroupBy(p => p.WindowStart).Select(w => Trending(w.ToList(), o.TrendingTopN)).ToList();
        return (popularity, trending, late);
    }

    private static PopularityRecord Record(string product, long start, long size, List<ProductEv> events)
    {
        long views = events.Count(e => e.Action == "view");
        long carts = events.Count(e => e.Action == "add_to_cart");
        long purchases = events.Where(e => e.Action == "purchase").Sum(e => (long)e.Quantity);
        var revenue = events.Where(e => e.Action == "purchase" && e.Price is not null).Sum(e => e.Price!.Value * e.Quantity);
        return new PopularityRecord(
            product,
            DateTimeOffset.FromUnixTimeMilliseconds(start),
            DateTimeOffset.FromUnixTimeMilliseconds(start + size),
            views,
            carts,
            purchases,
            events.Where(e => !string.IsNullOrEmpty(e.UserId)).Select(e => e.UserId).Distinct().Count(),
            revenue,
            Rate(purchases, views),
            Rate(carts, views),
            views + (3 * carts) + (5 * purchases),
            Latest(events, e => e.Category),
            Latest(events, e => e.Brand));
    }

    private static decimal Rate(long a, long b) => b == 0 ? 0 : Math.Round((decimal)a / b, 6, MidpointRounding.AwayFromZero);

    private static string? Latest(List<ProductEv> events, Func<ProductEv, string?> field) =>
        events.Where(e => !string.IsNullOrEmpty(field(e)))
            .OrderByDescending(e => e.T).ThenByDescending(e => e.EventId, StringComparer.Ordinal).ThenByDescending(field, StringComparer.Ordinal)
            .Select(field).FirstOrDefault();

    private static TrendingRecord Trending(List<PopularityRecord> window, int n)
    {
        static IEnumerable<PopularityRecord> Ranked(IEnumerable<PopularityRecord> r) => r.OrderByDescending(p => p.PopularityScore).ThenBy(p => p.ProductId, StringComparer.Ordinal);
        static TrendingEntry Entry(PopularityRecord p, int rank) =>
            new(rank, p.ProductId, p.PopularityScore, p.Views, p.AddToCart, p.Purchases, p.UniqueUsers, p.Revenue, p.Category, p.Brand);
        return new TrendingRecord(
            window[0].WindowStart,
            window[0].WindowEnd,
            window.Count,
            [.. Ranked(window).Take(n).Select((p, i) => Entry(p, i + 1))],
            window.Where(p => p.Category is not null).GroupBy(p => p.Category!)
                .ToImmutableSortedDictionary(g => g.Key, g => Ranked(g).Take(n).Select((p, i) => Entry(p, i + 1)).ToImmutableArray(), StringComparer.Ordinal));
    }
}
