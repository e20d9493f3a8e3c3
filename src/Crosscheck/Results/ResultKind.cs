using System.Text.Json.Serialization;

namespace Streaming.Crosscheck.Results;

/// <summary>The four result topics of SPEC §2 that a crosscheck compares; in JSON by their short names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ResultKind>))]
public enum ResultKind
{
    /// <summary><c>user_session_analytics</c>: id <c>session_id</c>, time <c>session_end</c>.</summary>
    [JsonStringEnumMemberName("sessions")]
    Sessions,

    /// <summary><c>product_popularity_metrics</c>: id <c>{window_start ms}:{product_id}</c>, time <c>window_end</c>.</summary>
    [JsonStringEnumMemberName("popularity")]
    Popularity,

    /// <summary><c>trending_products</c>: id <c>window_end</c> (ISO-8601, milliseconds), time <c>window_end</c>.</summary>
    [JsonStringEnumMemberName("trending")]
    Trending,

    /// <summary><c>order_anomaly_alerts</c>: id <c>alert_id</c>, time <c>event_time</c>.</summary>
    [JsonStringEnumMemberName("alerts")]
    Alerts,
}
