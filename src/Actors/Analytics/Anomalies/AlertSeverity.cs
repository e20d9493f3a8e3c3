using System.Text.Json.Serialization;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Anomalies;

/// <summary>Alert severity; on the wire in upper case.</summary>
[JsonConverter(typeof(UpperSnakeCaseEnumConverter<AlertSeverity>))]
public enum AlertSeverity
{
    Low, Medium, High, Critical,
}
