using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary><c>POST /api/v1/admin/state/reset</c>: {reset:[partition ids], refused:[…]} — the partitions that start from fresh state.</summary>
internal static class StateResetView
{
    public static string Render(JsonElement root, Style style)
    {
        var reset = root.Strings("reset").ToList();
        return reset.Count == 0
            ? "No partition was reset.\n"
            : $"Reset the stored state of {Formats.Count(reset.Count, "partition", "partitions")}: {string.Join(", ", reset)}. They start from fresh state.\n";
    }
}
