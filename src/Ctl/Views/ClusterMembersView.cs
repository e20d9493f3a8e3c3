using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary>
/// <c>GET /api/v1/admin/cluster</c>: the members as the answering node sees them (full addresses: they are what
/// <c>cluster leave</c> and <c>cluster down</c> take), then the leader and the oldest member.
/// </summary>
internal static class ClusterMembersView
{
    public static string Render(JsonElement root, Style style)
    {
        var members = new Table([new("ADDRESS"), new("STATUS"), new("ROLES", Overflow: Overflow.CutEnd), new("REACHABLE")],
            [.. root.Items("members").Select(m => Rows.Of(
                m.Text("address"),
                new Cell(m.Text("status"), MemberStatus.Tone(m.String("status"))),
                Formats.List(m.Strings("roles")),
                m.Flag("reachable") switch { true => new Cell("yes", Tone.Good), false => new Cell("no", Tone.Bad), null => Formats.None }))]);
        return members.Render(style) + "\n" + Pairs.Render([
            ("leader", root.Text("leader")),
            ("oldest", root.Text("oldest")),
            ("seen by", root.Text("self")),
        ], style);
    }
}
