namespace Streaming.Analytics.Popularity;

/// <summary>
/// One product in one closed sliding window: a <c>product_popularity_metrics</c> record (SPEC §3.2). Its id is
/// <c>window_start</c> + <c>product_id</c>. Serialize it with <see cref="ProductsJsonContext"/>.
/// </summary>
/// <param name="ProductId">The product.</param>
/// <param name="WindowStart">Window start <c>k·S</c> (inclusive).</param>
/// <param name="WindowEnd">Window end <c>k·S + W</c> (exclusive).</param>
/// <param name="Views">Events with action <c>view</c>.</param>
/// <param name="AddToCart">Events with action <c>add_to_cart</c>.</param>
/// <param name="Purchases">Sum of the quantities of <c>purchase</c> events.</param>
/// <param name="UniqueUsers">Distinct non-empty user ids over all actions.</param>
/// <param name="Revenue">Σ price × quantity of purchases (a purchase without a price adds 0); trailing zeros removed.</param>
/// <param name="ConversionRate">Purchases ÷ views rounded to 6 decimal places (midpoint away from zero), trailing zeros removed; 0 when views = 0.</param>
/// <param name="CartRate">AddToCart ÷ views, rounded like <paramref name="ConversionRate"/>; 0 when views = 0.</param>
/// <param name="PopularityScore">1·views + 3·add_to_cart + 5·purchases.</param>
/// <param name="Category">The category of the latest event in the window that had one (event time, then event id), or null.</param>
/// <param name="Brand">The brand of the latest event in the window that had one, or null.</param>
public sealed record ProductPopularity(
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
