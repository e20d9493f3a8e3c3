using Streaming.Actors.Orders;

namespace Streaming.Actors.Entities;

/// <summary>The durable detected_at stamp of an alert: keyed by its deterministic alert_id.</summary>
internal static class AlertStamping
{
    public static string IdOf(AnomalyAlert alert) => alert.AlertId;

    public static AnomalyAlert With(AnomalyAlert alert, DateTimeOffset detectedAt) => alert with { DetectedAt = detectedAt };
}
