using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary><c>GET /api/v1/admin/sharding/regions</c>: per entity type, each member's region with its shard and entity counts.</summary>
internal static class ShardingRegionsView
{
    public static string Render(JsonElement root, Style style)
    {
        var rows = root.Items("types").SelectMany(t => t.Items("regions").Select(r =>
            Rows.Of(t.Text("type_name"), r.Text("address"), r.Text("shards"), r.Text("entities")))).ToList();
        return rows.Count == 0
            ? "No shard region has started in this cluster.\n"
            : new Table([new("TYPE"), new("REGION", Overflow: Overflow.CutStart), Column.Number("SHARDS"), Column.Number("ENTITIES")], rows).Render(style);
    }
}
