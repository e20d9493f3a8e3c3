using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary>
/// <c>GET /api/v1/analytics/processing-metrics</c>: this node's engine counters, the partitions it processes (epoch,
/// checkpoint, watermark and its delay) and the partitions it holds back with the records each cannot process.
/// </summary>
internal static class MetricsView
{
    public static string Render(JsonElement root, Style style)
    {
        var counters = new Table([new("COUNTER"), Column.Number("VALUE")],
            [.. root.Properties("totals").Select(t => Rows.Of(t.Name, JsonFields.Show(t.Value)))]).Render(style);
        var partitions = root.Items("partitions").ToList();
        var processed = partitions.Count == 0
            ? "This node processes no partition.\n"
            : new Table([new("PARTITION"), Column.Number("EPOCH"), Column.Number("CHECKPOINT"), new("WATERMARK"), Column.Number("DELAY"),
                    new("UPDATED"), Column.Number("RESUMED FROM")],
                [.. partitions.Select(p => Rows.Of(p.Text("partition_id"), p.Text("epoch"), p.Text("checkpoint_offset"),
                    Formats.TimeOfDay(p.String("watermark")), p.Number("watermark_delay_seconds") is { } d ? Formats.Duration(d) : Formats.None,
                    Formats.TimeOfDay(p.String("updated_at")), p.Number("resumed_from") is >= 0 ? p.Text("resumed_from") : Formats.None))]).Render(style);
        var held = root.Properties("held").ToList();
        var heldTable = held.Count == 0 ? ""
            : "\n" + new Table([new("HELD"), Column.Number("RECORDS NOT PROCESSED")],
                [.. held.Select(h => Rows.Of(new Cell(h.Name, Tone.Bad), JsonFields.Show(h.Value)))]).Render(style)
                + "Their stored state cannot be applied to the log; 'streaming-ctl state reset --topic T --partition P' starts one afresh.\n";
        return counters + "\n" + processed + heldTable + "\n" + Pairs.Render([("at", Formats.Moment(root.String("timestamp")))], style);
    }
}
