using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary>
/// One membership event of <c>GET /api/v1/admin/cluster/events</c> ({type, address, status, roles, at}) as one line:
/// time, event, address, status, roles — the event padded so that addresses line up as lines scroll by.
/// </summary>
internal static class ClusterEventLine
{
    /// <summary>The longest event type, member_weakly_up.</summary>
    private const int TypeWidth = 16;

    public static string Render(JsonElement e, Style style)
    {
        var type = e.Text("type");
        var roles = e.Strings("roles").ToList();
        var parts = new List<string>
        {
            Formats.Timestamp(e.String("at")),
            style.Paint(type.PadRight(TypeWidth), Tone(type)),
            e.String("address") ?? (type == "leader_changed" ? "(no leader)" : Formats.None),
        };
        if (e.String("status") is { } status) parts.Add(status);
        if (roles.Count > 0) parts.Add("[" + string.Join(", ", roles) + "]");
        return string.Join("  ", parts).TrimEnd() + "\n";
    }

    private static Tone Tone(string type) => type switch
    {
        "member_up" or "reachable" => Output.Tone.Good,
        "unreachable" or "member_downed" or "member_removed" => Output.Tone.Bad,
        "member_left" or "member_exited" or "member_joined" or "member_weakly_up" => Output.Tone.Warn,
        _ => Output.Tone.Plain,
    };
}
