using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Streaming.Analytics.Popularity;

/// <summary>Ranks the products of one window (SPEC §3.2), as a pure function.</summary>
public static class TrendingLogic
{
    /// <summary>Orders records by popularity score descending, then product id ascending (ordinal).</summary>
    public static IOrderedEnumerable<ProductPopularity> Ranked(IEnumerable<ProductPopularity> records) =>
        records.OrderByDescending(r => r.PopularityScore).ThenBy(r => r.ProductId, StringComparer.Ordinal);

    /// <summary>
    /// The trending record of one window from all its <see cref="ProductPopularity"/> records (of every partition):
    /// the top <see cref="PopularityOptions.TrendingTopN"/> overall and per category. Identical duplicates (re-deliveries)
    /// count once.
    /// </summary>
    /// <param name="records">The window's records, or its candidates (see <see cref="Candidates"/>).</param>
    /// <param name="options">N.</param>
    /// <param name="productCount">How many products had events in the window, when <paramref name="records"/> are only the candidates.</param>
    /// <exception cref="ArgumentException">No records, records of different windows, or two different records of one product.</exception>
    public static TrendingProducts Top(IEnumerable<ProductPopularity> records, PopularityOptions options, int? productCount = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);
        var byProduct = new Dictionary<string, ProductPopularity>(StringComparer.Ordinal);
        ProductPopularity? first = null;
        foreach (var r in records)
        {
            ArgumentNullException.ThrowIfNull(r, nameof(records));
            first ??= r;
            if (r.WindowStart != first.WindowStart || r.WindowEnd != first.WindowEnd)
            {
                throw new ArgumentException("All records must belong to the same window.", nameof(records));
            }

            if (byProduct.TryGetValue(r.ProductId, out var seen))
            {
                if (!seen.Equals(r))
                {
                    throw new ArgumentException($"Two different records for product '{r.ProductId}'.", nameof(records));
                }

                continue;
            }

            byProduct.Add(r.ProductId, r);
        }

        if (first is null)
        {
            throw new ArgumentException("A trending record needs at least one product record.", nameof(records));
        }

        var all = byProduct.Values;
        var byCategory = all
            .Where(r => !string.IsNullOrEmpty(r.Category))
            .GroupBy(r => r.Category!, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(g => g.Key, g => TopList(g, options.TrendingTopN), StringComparer.Ordinal);
        return new TrendingProducts(first.WindowStart, first.WindowEnd, productCount ?? all.Count, TopList(all, options.TrendingTopN), byCategory);
    }

    /// <summary>
    /// The records that can be in some trending list of their window — per window the top <paramref name="n"/> overall
    /// and the top <paramref name="n"/> of each category — in window order, then ranked. A window's top N over all
    /// partitions is the top N of the union of every partition's candidates (the ranking is a total order), so a
    /// partition hands the aggregator these instead of every record (two-phase top-N).
    /// </summary>
    public static IReadOnlyList<ProductPopularity> Candidates(IEnumerable<ProductPopularity> records, int n)
    {
        ArgumentNullException.ThrowIfNull(records);
        var candidates = new List<ProductPopularity>();
        foreach (var window in records.GroupBy(r => r.WindowStart).OrderBy(g => g.Key))
        {
            var chosen = new HashSet<string>(StringComparer.Ordinal);
            var ranked = Ranked(window).ToList();
            var categories = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < ranked.Count; i++)
            {
                var r = ranked[i];
                var inCategory = !string.IsNullOrEmpty(r.Category) && CollectionsMarshal.GetValueRefOrAddDefault(categories, r.Category, out _)++ < n;
                if ((i < n || inCategory) && chosen.Add(r.ProductId)) candidates.Add(r);
            }
        }

        return candidates;
    }

    private static ImmutableArray<TrendingProduct> TopList(IEnumerable<ProductPopularity> records, int n) =>
        [.. Ranked(records).Take(n).Select((r, i) => TrendingProduct.Of(i + 1, r))];
}
