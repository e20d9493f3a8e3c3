using System.Collections.Immutable;

namespace Streaming.Analytics.Popularity;

/// <summary>
/// The top-N products of one closed window: a <c>trending_products</c> record (SPEC §3.2), keyed by
/// <c>window_end</c>. Serialize it with <see cref="ProductsJsonContext"/>. Equality is structural.
/// </summary>
/// <param name="WindowStart">Window start.</param>
/// <param name="WindowEnd">Window end (the record's key).</param>
/// <param name="ProductCount">How many products had events in the window (over all partitions).</param>
/// <param name="TopProducts">The top N by popularity score, ties by product id (ordinal) ascending.</param>
/// <param name="ByCategory">Per category (ordinal order), the top N of the products whose window category it is;
/// products without a category are listed only overall.</param>
public sealed record TrendingProducts(
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    int ProductCount,
    ImmutableArray<TrendingProduct> TopProducts,
    ImmutableSortedDictionary<string, ImmutableArray<TrendingProduct>> ByCategory)
{
    /// <inheritdoc />
    public bool Equals(TrendingProducts? other) =>
        other is not null
        && WindowStart == other.WindowStart
        && WindowEnd == other.WindowEnd
        && ProductCount == other.ProductCount
        && Same(TopProducts, other.TopProducts)
        && ByCategory.Count == other.ByCategory.Count
        && ByCategory.All(kv => other.ByCategory.TryGetValue(kv.Key, out var list) && Same(kv.Value, list));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(WindowStart, WindowEnd, ProductCount, TopProducts.Length, ByCategory.Count);

    private static bool Same(ImmutableArray<TrendingProduct> a, ImmutableArray<TrendingProduct> b) =>
        (a.IsDefault ? [] : a).SequenceEqual(b.IsDefault ? [] : b);
}
