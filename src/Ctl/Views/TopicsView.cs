using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary><c>GET /api/v1/streaming/topics</c>: topics with their partition counts.</summary>
internal static class TopicsView
{
    public static string Render(JsonElement root, Style style) =>
        new Table([new("TOPIC"), Column.Number("PARTITIONS")],
            [.. root.Items("topics").Select(t => Rows.Of(t.Text("name"), t.Text("partitions")))]).Render(style);
}
