using System.Collections.Immutable;

namespace Streaming.Actors.Products;

/// <summary>Ranks the products of one window (SPEC §3.2), as a pure function.</summary>
public static class TrendingLogic
{
    /// <summary>Orders records by popularity score descending, then product id ascending (ordinal).</summary>
    public static IOrderedEnumerable<ProductPopularity> Ranked(IEnumerable<ProductPopularity> records) =>
        records.OrderByDescending(r => r.PopularityScore).ThenBy(r => r.ProductId, StringComparer.Ordinal);

    /// <summary>
    /// The trending record of one window from all its <see cref="ProductPopularity"/> records (of every partition):
    /// the top <see cref="PopularityOptions.TopN"/> overall and per category. Identical duplicates (re-deliveries)
    /// count once.
    /// </summary>
    /// <exception cref="ArgumentException">No records, records of different windows, or two different records of one product.</exception>
    public static TrendingProducts Top(IEnumerable<ProductPopularity> records, PopularityOptions options)
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
            .ToImmutableSortedDictionary(g => g.Key, g => TopList(g, options.TopN), StringComparer.Ordinal);
        return new TrendingProducts(first.WindowStart, first.WindowEnd, all.Count, TopList(all, options.TopN), byCategory);
    }

    private static ImmutableArray<TrendingProduct> TopList(IEnumerable<ProductPopularity> records, int n) =>
        [.. Ranked(records).Take(n).Select((r, i) => TrendingProduct.Of(i + 1, r))];
}
