using System.Text;
using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary>
/// <c>GET /api/v1/admin/crosscheck</c>: the two sides, a summary row per result kind, then one row per difference
/// (the node lists up to a thousand; the counts are complete), and whether they agree.
/// </summary>
internal static class CrosscheckView
{
    public static string Render(JsonElement root, Style style)
    {
        var text = new StringBuilder();
        text.Append("crosscheck ").Append(root.Text("from")).Append(" .. ").Append(root.Text("to")).Append('\n');
        text.Append("  left:  ").Append(root.Text("left")).Append('\n');
        text.Append("  right: ").Append(root.Text("right")).Append("\n\n");
        text.Append(new Table([
                new("KIND"), Column.Number("LEFT"), Column.Number("RIGHT"), Column.Number("MATCHED"), Column.Number("MISSING"), Column.Number("EXTRA"),
                Column.Number("DIFFERING"), Column.Number("CONFLICTS"), Column.Number("UNREADABLE"),
            ],
            [.. root.Items("kinds").Select(k => Rows.Of(k.Text("kind"), k.Text("left"), k.Text("right"), k.Text("matched"), k.Text("missing"),
                k.Text("extra"), k.Text("differing"), k.Text("conflicts"), k.Text("unreadable")))]).Render(style));
        var differences = root.Items("differences").ToList();
        if (differences.Count > 0)
        {
            text.Append('\n');
            text.Append(new Table([new("KIND"), new("TYPE"), new("ID", Overflow: Overflow.CutStart), new("FIELD"), new("LEFT"), new("RIGHT")],
                [.. differences.Select(d => Rows.Of(d.Text("kind"), d.Text("type"), d.Text("id"), d.Text("field"), Short(d.Text("left")), Short(d.Text("right"))))]).Render(style));
        }
        foreach (var note in root.Strings("notes")) text.Append("note: ").Append(note).Append('\n');
        text.Append(root.Flag("agrees") == true ? "AGREES\n" : $"DIFFERS: {root.Text("difference_count")} differences\n");
        return text.ToString();
    }

    private static string Short(string value) => value.Length <= 40 ? value : value[..39] + "…";
}
