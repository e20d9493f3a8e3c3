using System.Text.Json.Serialization;

namespace Streaming.Analytics.Anomalies;

/// <summary>Alert severity; on the wire in upper case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertSeverity>))]
public enum AlertSeverity
{
    /// <summary>Low.</summary>
    [JsonStringEnumMemberName("LOW")]
    Low,

    /// <summary>Medium.</summary>
    [JsonStringEnumMemberName("MEDIUM")]
    Medium,

    /// <summary>High.</summary>
    [JsonStringEnumMemberName("HIGH")]
    High,

    /// <summary>Critical.</summary>
    [JsonStringEnumMemberName("CRITICAL")]
    Critical,
}
