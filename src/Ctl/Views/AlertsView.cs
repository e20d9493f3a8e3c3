using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary><c>GET /api/v1/analytics/users/{user}/alerts</c>: the user's recent order anomaly alerts, oldest first.</summary>
internal static class AlertsView
{
    public static string Render(JsonElement root, Style style)
    {
        var alerts = root.Items().ToList();
        return alerts.Count == 0
            ? "No recent alert for this user.\n"
            : new Table([new("EVENT TIME"), new("RULE"), new("SEVERITY"), new("ORDER"), Column.Number("AMOUNT"), new("DESCRIPTION", Overflow: Overflow.CutEnd)],
                [.. alerts.Select(a => Rows.Of(Formats.Timestamp(a.String("event_time")), a.Text("rule"),
                    new Cell(a.Text("severity"), Severity(a.String("severity"))), a.Text("order_id"), a.Text("amount"), a.Text("description")))]).Render(style);
    }

    private static Tone Severity(string? severity) => severity?.ToUpperInvariant() switch
    {
        "HIGH" or "CRITICAL" => Tone.Bad,
        "MEDIUM" => Tone.Warn,
        _ => Tone.Plain,
    };
}
