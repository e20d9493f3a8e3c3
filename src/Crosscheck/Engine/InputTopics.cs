namespace Streaming.Crosscheck.Engine;

/// <summary>The names of the three input topics of SPEC §1.</summary>
/// <param name="UserEvents">User events (sessions).</param>
/// <param name="ProductAnalytics">Product events (popularity, trending).</param>
/// <param name="OrderEvents">Order events (anomaly alerts).</param>
public sealed record InputTopics(string UserEvents = "user_events", string ProductAnalytics = "product_analytics", string OrderEvents = "order_events")
{
    /// <summary>SPEC's names.</summary>
    public static InputTopics Default { get; } = new();
}
