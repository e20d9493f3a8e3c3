namespace Streaming.Streams.Contracts;

/// <summary>The topic names of SPEC §1–§2, §5 and §6.</summary>
public static class TopicNames
{
    public const string UserEvents = "user_events";
    public const string ProductAnalytics = "product_analytics";
    public const string OrderEvents = "order_events";

    public const string UserSessionAnalytics = "user_session_analytics";
    public const string ProductPopularityMetrics = "product_popularity_metrics";
    public const string TrendingProducts = "trending_products";
    public const string OrderAnomalyAlerts = "order_anomaly_alerts";
    public const string LateEvents = "late_events";
    public const string DeadLetters = "dead_letters";

    /// <summary>Prefix of the change-data-capture topics, e.g. <c>streaming.users</c>.</summary>
    public const string CdcPrefix = "streaming.";

    /// <summary>Prefix of the Flink SQL cross-check topics, e.g. <c>flink_user_session_analytics</c>.</summary>
    public const string FlinkPrefix = "flink_";

    private const int MaxTopicNameLength = 249;

    public static IReadOnlyList<string> InputTopics { get; } = [UserEvents, ProductAnalytics, OrderEvents];

    /// <summary>The topics the engine writes for every analytic: inputs that came late, and records that could not be processed.</summary>
    public static IReadOnlyList<string> EngineTopics { get; } = [LateEvents, DeadLetters];

    public static IReadOnlyList<string> ResultTopics { get; } =
        [UserSessionAnalytics, ProductPopularityMetrics, TrendingProducts, OrderAnomalyAlerts, LateEvents, DeadLetters];

    /// <summary>The CDC topic of a table: <c>streaming.{table}</c>.</summary>
    public static string Cdc(string table)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        return CdcPrefix + table;
    }

    /// <summary>The Flink cross-check topic of a result topic: <c>flink_{topic}</c>.</summary>
    public static string Flink(string resultTopic)
    {
        ArgumentException.ThrowIfNullOrEmpty(resultTopic);
        return FlinkPrefix + resultTopic;
    }

    /// <summary>True for a name a client may create or produce to: ^[a-zA-Z0-9][a-zA-Z0-9._-]{0,248}$
    /// and not starting with "__" (Kafka's internal topics).</summary>
    public static bool IsSafeCustomTopicName(string? name)
    {
        if (name is null || name.Length is 0 or > MaxTopicNameLength || name.StartsWith("__", StringComparison.Ordinal))
        {
            return false;
        }

        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
