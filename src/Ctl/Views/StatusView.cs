using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary><c>GET /api/v1/examples/streaming-status</c>: the broker the node uses, then its topics with what this gateway produced to each.</summary>
internal static class StatusView
{
    public static string Render(JsonElement root, Style style)
    {
        var status = root.Text("status");
        var head = Pairs.Render([
            ("status", new Cell(status, status == "running" ? Tone.Good : Tone.Bad)),
            ("bootstrap servers", root.Text("bootstrap_servers")),
            ("embedded broker", root.Flag("embedded_broker") switch { true => "yes", false => "no", null => Formats.None }),
            ("at", Formats.Moment(root.String("timestamp"))),
        ], style);
        var produced = root.Properties("produced_counts").ToDictionary(p => p.Name, p => JsonFields.Show(p.Value), StringComparer.Ordinal);
        var topics = root.Items("topics").Select(t => (Name: t.Text("name"), Partitions: t.Text("partitions"))).ToList();
        var rows = topics.Select(t => Rows.Of(t.Name, t.Partitions, produced.GetValueOrDefault(t.Name, Formats.None)))
            .Concat(produced.Keys.Where(name => topics.All(t => t.Name != name)).Select(name => Rows.Of(name, Formats.None, produced[name])));
        return head + "\n" + new Table([new("TOPIC"), Column.Number("PARTITIONS"), Column.Number("PRODUCED")], [.. rows]).Render(style);
    }
}
