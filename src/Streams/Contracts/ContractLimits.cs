namespace Streaming.Streams.Contracts;

/// <summary>The limits the input validation enforces.</summary>
public static class ContractLimits
{
    /// <summary>Maximum JSON nesting depth of one event (the event object itself is depth 1).</summary>
    public const int MaxNestingDepth = 32;

    /// <summary>Maximum length, in UTF-16 characters, of any string or property name.</summary>
    public const int MaxStringLength = 64 * 1024;

    /// <summary>Maximum length of user_id, product_id, order_id, session_id.</summary>
    public const int MaxIdLength = 256;

    /// <summary>Maximum length of a client's event_id.</summary>
    public const int MaxEventIdLength = 128;

    /// <summary>Maximum length of short texts: device, location, category, brand, city, district, payment_method.</summary>
    public const int MaxLabelLength = 256;

    public const int MaxPageUrlLength = 2048;

    /// <summary>Largest accepted amount or price, so that Σ price × quantity stays far inside System.Decimal.</summary>
    public const decimal MaxAmount = 1_000_000_000_000_000_000m;

    /// <summary>Largest accepted quantity.</summary>
    public const int MaxQuantity = 1_000_000;

    /// <summary>Maximum number of items of one order.</summary>
    public const int MaxItems = 1000;

    /// <summary>Earliest and latest accepted year of a timestamp (UTC), inclusive.</summary>
    public const int MinYear = 2000;

    public const int MaxYear = 2100;

    /// <summary>At most this many errors are reported for one event; then one more on <c>body</c>.</summary>
    public const int MaxErrors = 100;

    public const string DefaultCurrency = "KRW";
}
