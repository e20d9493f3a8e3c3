using System.Collections.Immutable;

namespace Streaming.Crosscheck.Results;

/// <summary>The top-N products of one closed window as <c>trending_products</c> carries it (SPEC §3.2).</summary>
/// <param name="WindowStart">Window start.</param>
/// <param name="WindowEnd">Window end (the record's key and id).</param>
/// <param name="ProductCount">Products with at least one event in the window.</param>
/// <param name="TopProducts">The top N by popularity score, ties by product id ascending.</param>
/// <param name="ByCategory">Per category, the top N of the products whose window category it is.</param>
public sealed record TrendingRecord(
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    long ProductCount,
    ImmutableArray<TrendingEntry> TopProducts,
    ImmutableSortedDictionary<string, ImmutableArray<TrendingEntry>> ByCategory);

/// <summary>One entry of a trending list.</summary>
/// <param name="Rank">1-based position in its list.</param>
/// <param name="ProductId">The product.</param>
/// <param name="PopularityScore">The ranking key.</param>
/// <param name="Views">Views in the window.</param>
/// <param name="AddToCart">Add-to-carts in the window.</param>
/// <param name="Purchases">Purchased units in the window.</param>
/// <param name="UniqueUsers">Distinct users in the window.</param>
/// <param name="Revenue">Revenue in the window.</param>
/// <param name="Category">The product's window category, or null.</param>
/// <param name="Brand">The product's window brand, or null.</param>
public sealed record TrendingEntry(
    long Rank,
    string ProductId,
    long PopularityScore,
    long Views,
    long AddToCart,
    long Purchases,
    long UniqueUsers,
    decimal Revenue,
    string? Category,
    string? Brand);
