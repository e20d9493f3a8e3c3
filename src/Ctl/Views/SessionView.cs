using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary>
/// <c>GET /api/v1/analytics/users/{user}/session</c>: the open session's fields one per line, as the analytic names
/// them (the view is the module's, so no field is assumed): times in UTC, nested counts as compact JSON.
/// </summary>
internal static class SessionView
{
    public static string Render(JsonElement root, Style style) =>
        Pairs.Render(root.Properties().Select(p => (p.Name, (Cell)Value(p.Value))), style);

    private static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Formats.Moment(value.GetString()),
        JsonValueKind.Array => Formats.List(value.EnumerateArray().Select(JsonFields.Show)),
        _ => JsonFields.Show(value),
    };
}
