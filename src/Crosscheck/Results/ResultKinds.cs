using System.Globalization;
using System.Text.Json;

namespace Streaming.Crosscheck.Results;

/// <summary>What each <see cref="ResultKind"/> is called, where it is published, and how a record's id and time are read.</summary>
public static class ResultKinds
{
    /// <summary>Prefix of the Flink SQL jobs' topics (<c>flink_user_session_analytics</c>, …).</summary>
    public const string FlinkPrefix = "flink_";

    /// <summary>Every kind, in report order.</summary>
    public static IReadOnlyList<ResultKind> All { get; } = [ResultKind.Sessions, ResultKind.Popularity, ResultKind.Trending, ResultKind.Alerts];

    /// <summary>The actor engine's topic of a kind.</summary>
    public static string Topic(ResultKind kind) => kind switch
    {
        ResultKind.Sessions => "user_session_analytics",
        ResultKind.Popularity => "product_popularity_metrics",
        ResultKind.Trending => "trending_products",
        ResultKind.Alerts => "order_anomaly_alerts",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The short name used in reports: <c>sessions</c>, <c>popularity</c>, <c>trending</c>, <c>alerts</c>.</summary>
    public static string Name(ResultKind kind) => kind switch
    {
        ResultKind.Sessions => "sessions",
        ResultKind.Popularity => "popularity",
        ResultKind.Trending => "trending",
        ResultKind.Alerts => "alerts",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The field holding a record's result event time (the time a crosscheck's range selects on).</summary>
    public static string TimeField(ResultKind kind) => kind switch
    {
        ResultKind.Sessions => "session_end",
        ResultKind.Popularity or ResultKind.Trending => "window_end",
        ResultKind.Alerts => "event_time",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// The kind a topic holds, from its name: one of the four result topics, or one of them with a prefix ending in
    /// <c>_</c> (<c>flink_trending_products</c>, <c>copy_order_anomaly_alerts</c>). Null when the name says nothing.
    /// </summary>
    public static ResultKind? FromTopic(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        foreach (var kind in All)
        {
            var name = Topic(kind);
            if (string.Equals(topic, name, StringComparison.Ordinal) || topic.EndsWith("_" + name, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>Reads a record's id and result event time; false with the reason when the record lacks them.</summary>
    public static bool TryIdentify(ResultKind kind, JsonElement record, out string id, out DateTimeOffset time, out string problem)
    {
        id = "";
        time = default;
        if (record.ValueKind != JsonValueKind.Object)
        {
            problem = "the record is not a JSON object";
            return false;
        }

        if (!TryTime(record, TimeField(kind), out time, out problem))
        {
            return false;
        }

        switch (kind)
        {
            case ResultKind.Sessions:
                return TryString(record, "session_id", out id, out problem);
            case ResultKind.Popularity:
                if (!TryString(record, "product_id", out var product, out problem) || !TryTime(record, "window_start", out var start, out problem))
                {
                    return false;
                }

                id = string.Create(CultureInfo.InvariantCulture, $"{start.ToUnixTimeMilliseconds()}:{product}");
                return true;
            case ResultKind.Trending:
                id = ResultTime.Format(time);
                return true;
            case ResultKind.Alerts:
                return TryString(record, "alert_id", out id, out problem);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>
    /// An alert's natural key <c>rule|user_id|order_id|event_time ms</c>, the fallback match when two engines compute
    /// alert ids differently; null when a field is missing.
    /// </summary>
    public static string? NaturalKey(JsonElement alert)
    {
        if (alert.ValueKind != JsonValueKind.Object
            || !TryString(alert, "rule", out var rule, out _)
            || !TryString(alert, "user_id", out var user, out _)
            || !TryString(alert, "order_id", out var order, out _)
            || !TryTime(alert, "event_time", out var time, out _))
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{rule}|{user}|{order}|{time.ToUnixTimeMilliseconds()}");
    }

    private static bool TryString(JsonElement record, string field, out string value, out string problem)
    {
        if (record.TryGetProperty(field, out var element) && element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } text)
        {
            value = text;
            problem = "";
            return true;
        }

        value = "";
        problem = $"'{field}' is missing or not a non-empty string";
        return false;
    }

    private static bool TryTime(JsonElement record, string field, out DateTimeOffset value, out string problem)
    {
        if (record.TryGetProperty(field, out var element) && element.ValueKind == JsonValueKind.String && ResultTime.TryParse(element.GetString(), out value))
        {
            problem = "";
            return true;
        }

        value = default;
        problem = $"'{field}' is missing or not an ISO-8601 time";
        return false;
    }
}
