using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary>
/// <c>GET /api/v1/admin/sharding/{type}/region-stats</c>: every shard of one entity type with its region and entity
/// count, the totals, and the regions that did not answer in time (their shards are missing from the table).
/// </summary>
internal static class RegionStatsView
{
    public static string Render(JsonElement root, Style style)
    {
        var shards = root.Items("regions").SelectMany(r => r.Items("shards").Select(s => (Region: r.Text("address"), Shard: s))).ToList();
        var table = shards.Count == 0 ? "No shard of this type is allocated.\n"
            : new Table([new("REGION", Overflow: Overflow.CutStart), new("SHARD"), Column.Number("ENTITIES")],
                [.. shards.Select(s => Rows.Of(s.Region, s.Shard.Text("shard_id"), s.Shard.Text("entities")))]).Render(style);
        var entities = shards.Sum(s => s.Shard.Number("entities") ?? 0);
        var failed = root.Strings("failed").ToList();
        List<(string, Cell)> footer =
        [
            ("type", root.Text("type_name")),
            ("total", $"{Formats.Count(root.Items("regions").Count(), "region", "regions")}, {Formats.Count(shards.Count, "shard", "shards")}, {Formats.Count(entities, "entity", "entities")}"),
        ];
        if (failed.Count > 0) footer.Add(("no answer from", new Cell(string.Join(", ", failed), Tone.Bad)));
        return table + "\n" + Pairs.Render(footer, style);
    }
}
