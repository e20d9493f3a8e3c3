using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary><c>GET /health/</c>: the node's verdict, then each dependency's status.</summary>
internal static class HealthView
{
    public static string Render(JsonElement root, Style style)
    {
        var status = root.Text("status");
        var head = Pairs.Render([
            ("status", new Cell(status, status == "healthy" ? Tone.Good : Tone.Bad)),
            ("checked", Formats.Moment(root.String("checked_at"))),
        ], style);
        var table = new Table([new("DEPENDENCY"), new("STATUS"), new("DETAIL", Overflow: Overflow.CutEnd)],
            [.. root.Properties("dependencies").Select(d =>
                Rows.Of(d.Name, new Cell(d.Value.Text("status"), d.Value.String("status") == "up" ? Tone.Good : Tone.Bad), d.Value.Text("detail")))]);
        return head + "\n" + table.Render(style);
    }
}
