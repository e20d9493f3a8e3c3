using Streaming.Ctl.Http;
using Streaming.Ctl.Views;

namespace Streaming.Ctl.Commands;

/// <summary><c>cluster show|leave|down|down-unreachable|tail</c>: membership, as pbm's cluster commands.</summary>
internal static class ClusterCommands
{
    private const string Cluster = "/api/v1/admin/cluster";

    public static CtlCommand Create()
    {
        var group = new CtlCommand("cluster", "The cluster's members and the operator's commands on them.",
            ["streaming-ctl cluster show", "streaming-ctl cluster tail --count 10"]);
        group.Add(new CtlCommand("show", "Members (address, status, roles, reachable), the leader and the oldest.",
            ["streaming-ctl cluster show", "streaming-ctl cluster show --json"], call => call.GetAsync(Cluster, ClusterMembersView.Render)));
        group.Add(Command("leave", "Ask a member to leave gracefully: it hands its work over, then stops.", "leave", ClusterCommandView.Leave));
        group.Add(Command("down", "Mark a member down: it is removed and stops; the others take its work.", "down", ClusterCommandView.Down));
        group.Add(new CtlCommand("down-unreachable", "Down every member the answering node sees as unreachable.",
            ["streaming-ctl cluster down-unreachable"],
            call => call.SendAsync(HttpMethod.Post, Cluster + "/down-unreachable", ClusterCommandView.DownUnreachable, call.Host.RequestTimeout)));
        var count = Arguments.Count("events");
        var tail = new CtlCommand("tail", "Membership events as they happen, one line each, current members first.",
            ["streaming-ctl cluster tail", "streaming-ctl cluster tail --count 5 --json"],
            call => call.TailAsync(Cluster + "/events", "member", ClusterEventLine.Render, call.Value(count), $"Waiting for membership events from {call.Node.Url}"))
        {
            count,
        };
        group.Add(tail);
        return group;
    }

    private static CtlCommand Command(string name, string description, string endpoint, View view)
    {
        var address = Arguments.Text("address", "A member's address as 'cluster show' lists it, e.g. akka.tcp://streaming@10.0.0.5:4053");
        return new CtlCommand(name, description, [$"streaming-ctl cluster {name} akka.tcp://streaming@10.0.0.5:4053"],
            call => call.SendAsync(HttpMethod.Post, $"{Cluster}/{endpoint}" + NodeUrl.Query(("address", call.Value(address))), view, call.Host.RequestTimeout))
        {
            address,
        };
    }
}
