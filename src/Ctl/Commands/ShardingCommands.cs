using Streaming.Ctl.Http;
using Streaming.Ctl.Views;

namespace Streaming.Ctl.Commands;

/// <summary><c>sharding regions|region-stats|shard-stats</c>: where the keyed entities live, as pbm's cluster sharding commands.</summary>
internal static class ShardingCommands
{
    private const string Sharding = "/api/v1/admin/sharding";

    public static CtlCommand Create()
    {
        var group = new CtlCommand("sharding", "Shard regions, shards and entities of the cluster's keyed analytics.",
            ["streaming-ctl sharding regions", "streaming-ctl sharding region-stats user-session"]);
        group.Add(new CtlCommand("regions", "Every entity type with each region's shard and entity counts.",
            ["streaming-ctl sharding regions"], call => call.GetAsync(Sharding + "/regions", ShardingRegionsView.Render)));
        group.Add(ByType("region-stats", "Every shard of an entity type in the cluster: its region and entities.", RegionStatsView.Render));
        group.Add(ByType("shard-stats", "An entity type's shards in the answering node's region, with entity ids.", ShardStatsView.Render));
        return group;
    }

    private static CtlCommand ByType(string name, string description, View view)
    {
        var type = Arguments.Text("type", "The entity type name as 'sharding regions' lists it");
        return new CtlCommand(name, description, [$"streaming-ctl sharding {name} user-session"],
            call => call.GetAsync($"{Sharding}/{NodeUrl.Segment(call.Value(type))}/{name}", view))
        {
            type,
        };
    }
}
