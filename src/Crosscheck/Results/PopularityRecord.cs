namespace Streaming.Crosscheck.Results;

/// <summary>One product in one closed sliding window as <c>product_popularity_metrics</c> carries it (SPEC §3.2).</summary>
/// <param name="ProductId">The product.</param>
/// <param name="WindowStart">Window start (inclusive).</param>
/// <param name="WindowEnd">Window end (exclusive).</param>
/// <param name="Views">Events with action <c>view</c>.</param>
/// <param name="AddToCart">Events with action <c>add_to_cart</c>.</param>
/// <param name="Purchases">Sum of the quantities of <c>purchase</c> events.</param>
/// <param name="UniqueUsers">Distinct non-empty user ids over all actions.</param>
/// <param name="Revenue">Σ price × quantity of purchases.</param>
/// <param name="ConversionRate">Purchases ÷ views, 6 decimal places (half away from zero); 0 without views.</param>
/// <param name="CartRate">Add-to-carts ÷ views, rounded the same way; 0 without views.</param>
/// <param name="PopularityScore">1·views + 3·add_to_cart + 5·purchases.</param>
/// <param name="Category">The category of the window's latest event that had one, or null.</param>
/// <param name="Brand">The brand of the window's latest event that had one, or null.</param>
public sealed record PopularityRecord(
    string ProductId,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    long Views,
    long AddToCart,
    long Purchases,
    long UniqueUsers,
    decimal Revenue,
    decimal ConversionRate,
    decimal CartRate,
    long PopularityScore,
    string? Category,
    string? Brand);
