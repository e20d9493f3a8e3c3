namespace Streaming.Analytics.Popularity;

/// <summary>Decimal helpers that make outputs deterministic bytes.</summary>
public static class DecimalText
{
    /// <summary>Decimal places kept in rates.</summary>
    public const int RateDecimals = 6;

    /// <summary>The same value with the smallest scale (no trailing zeros): 1.500 → 1.5, 2.0 → 2.</summary>
    public static decimal Canonical(decimal value) => value / 1.0000000000000000000000000000m;

    /// <summary>
    /// <paramref name="numerator"/> ÷ <paramref name="denominator"/> rounded to <see cref="RateDecimals"/> places
    /// (midpoint away from zero), trailing zeros removed; 0 when the denominator is 0.
    /// </summary>
    public static decimal Rate(long numerator, long denominator) =>
        denominator == 0 ? 0m : Canonical(Math.Round((decimal)numerator / denominator, RateDecimals, MidpointRounding.AwayFromZero));
}
