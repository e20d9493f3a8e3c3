namespace Streaming.Analytics.Anomalies;

/// <summary>The argument checks of the order rules: an event applied to a key's state must carry that key.</summary>
internal static class ActivityChecks
{
    public static void NotNull(object state, OrderActivity e, AnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(options);
    }

    /// <exception cref="ArgumentException"><paramref name="carried"/> is not <paramref name="expected"/>.</exception>
    public static void SameKey(OrderActivity e, string what, string carried, string expected)
    {
        if (!string.Equals(carried, expected, StringComparison.Ordinal))
            throw new ArgumentException($"Event {e.EventId} is for {what} '{carried}', not '{expected}'.", nameof(e));
    }
}
