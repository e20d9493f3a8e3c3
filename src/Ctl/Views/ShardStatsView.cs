using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary>
/// <c>GET /api/v1/admin/sharding/{type}/shard-stats</c>: the shards of one entity type in the answering node's region,
/// each with its entity count and the first entity ids, and the shards that did not answer.
/// </summary>
internal static class ShardStatsView
{
    public static string Render(JsonElement root, Style style)
    {
        var shards = root.Items("shards").ToList();
        var table = shards.Count == 0 ? "This region hosts no shard of this type.\n"
            : new Table([new("SHARD"), Column.Number("ENTITIES"), new("ENTITY IDS", Overflow: Overflow.CutEnd)],
                [.. shards.Select(s => Rows.Of(s.Text("shard_id"), s.Text("entities"), Ids(s)))]).Render(style);
        var failed = root.Strings("failed").ToList();
        List<(string, Cell)> footer = [("type", root.Text("type_name")), ("region", root.Text("address"))];
        if (failed.Count > 0) footer.Add(("no answer from shards", new Cell(string.Join(", ", failed), Tone.Bad)));
        return table + "\n" + Pairs.Render(footer, style);
    }

    /// <summary>The ids the node sent (it sends the first few), with an ellipsis when the shard has more entities.</summary>
    private static string Ids(JsonElement shard)
    {
        var ids = shard.Strings("entity_ids").ToList();
        var more = shard.Number("entities") is { } count && count > ids.Count;
        return ids.Count == 0 ? Formats.None : string.Join(", ", ids) + (more ? ", …" : "");
    }
}
