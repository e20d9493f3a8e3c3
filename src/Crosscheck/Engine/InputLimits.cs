namespace Streaming.Crosscheck.Engine;

/// <summary>
/// The number ranges the DuckDB engine holds exactly. Amounts and prices are <c>DECIMAL(38,10)</c> and factors and
/// tolerances <c>DECIMAL(18,6)</c>, so every product the rules compute stays inside DECIMAL(38) without rounding;
/// an input with more decimal places is refused (a rejected record), never rounded.
/// </summary>
public static class InputLimits
{
    /// <summary>Decimal places of amounts and prices.</summary>
    public const int AmountDecimals = 10;

    /// <summary>Decimal places of factors and tolerances.</summary>
    public const int FactorDecimals = 6;

    /// <summary>The largest amount or price (SPEC's contract: 10^18).</summary>
    public const decimal MaxAmount = 1_000_000_000_000_000_000m;

    /// <summary>The number of decimal places <paramref name="value"/> needs (trailing zeros do not count).</summary>
    public static int Scale(decimal value)
    {
        var scale = value.Scale;
        while (scale > 0 && decimal.Truncate(value * Pow10(scale - 1)) == value * Pow10(scale - 1))
        {
            scale--;
        }

        return scale;
    }

    /// <summary>The same value written without trailing zeros (<c>2.50 → 2.5</c>, <c>3.000 → 3</c>).</summary>
    public static decimal Canonical(decimal value) => decimal.Round(value, Scale(value));

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
