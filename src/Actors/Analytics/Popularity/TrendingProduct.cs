namespace Streaming.Analytics.Popularity;

/// <summary>One entry of a trending list: a product's window figures and its 1-based rank in that list.</summary>
/// <param name="Rank">1-based position in the list.</param>
/// <param name="ProductId">The product.</param>
/// <param name="PopularityScore">The ranking key.</param>
/// <param name="Views">Views in the window.</param>
/// <param name="AddToCart">Add-to-carts in the window.</param>
/// <param name="Purchases">Purchased units in the window.</param>
/// <param name="UniqueUsers">Distinct users in the window.</param>
/// <param name="Revenue">Revenue in the window.</param>
/// <param name="Category">The product's category in the window, or null.</param>
/// <param name="Brand">The product's brand in the window, or null.</param>
public sealed record TrendingProduct(
    int Rank,
    string ProductId,
    long PopularityScore,
    long Views,
    long AddToCart,
    long Purchases,
    long UniqueUsers,
    decimal Revenue,
    string? Category,
    string? Brand)
{
    /// <summary>The entry for <paramref name="record"/> at <paramref name="rank"/>.</summary>
    public static TrendingProduct Of(int rank, ProductPopularity record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(rank, record.ProductId, record.PopularityScore, record.Views, record.AddToCart, record.Purchases, record.UniqueUsers, record.Revenue, record.Category, record.Brand);
    }
}
