using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary>
/// <c>GET /api/v1/admin/partitions</c>: every input partition in the cluster — who processes it, its state, the stored
/// checkpoint, the processors' committed offset against the log end (lag), and the watermark with its delay. Owners
/// read as host:port and the partition column is PART, to fit ten columns in 100; <c>cluster show</c> has the full addresses.
/// </summary>
internal static class PartitionsView
{
    public static string Render(JsonElement root, Style style)
    {
        var partitions = root.Items("partitions").ToList();
        var table = partitions.Count == 0 ? "No input partition is known.\n"
            : new Table([
                    new("TOPIC"), Column.Number("PART"), new("OWNER", Overflow: Overflow.CutStart), new("STATE"), Column.Number("CHECKPOINT"),
                    Column.Number("COMMITTED"), Column.Number("LOG END"), Column.Number("LAG"), new("WATERMARK"), Column.Number("DELAY"),
                ],
                [.. partitions.Select(p => Rows.Of(
                    p.Text("topic"),
                    p.Text("partition"),
                    p.String("owner") is { } owner ? Formats.HostPort(owner) : Formats.None,
                    new Cell(p.Text("state"), State(p.String("state"))),
                    p.Text("checkpoint_offset"),
                    p.Text("committed_offset"),
                    p.Text("log_end_offset"),
                    p.Text("lag"),
                    Formats.TimeOfDay(p.String("watermark")),
                    p.Number("watermark_delay_seconds") is { } delay ? Formats.Duration(delay) : Formats.None))]).Render(style);
        return table + "\n" + Pairs.Render([("group", root.Text("group")), ("at", Formats.Moment(root.String("timestamp")))], style);
    }

    private static Tone State(string? state) => state switch
    {
        "processing" => Tone.Good,
        "held" => Tone.Bad,
        "unassigned" => Tone.Warn,
        _ => Tone.Plain,
    };
}
