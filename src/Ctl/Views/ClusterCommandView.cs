using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary>The answers of <c>POST /api/v1/admin/cluster/{leave,down,down-unreachable}</c>: {addresses:[…]}, the members acted on.</summary>
internal static class ClusterCommandView
{
    public static string Leave(JsonElement root, Style style) =>
        Each(root, a => $"Asked {a} to leave: it hands its partitions and shards over, then stops. 'streaming-ctl cluster tail' follows it.");

    public static string Down(JsonElement root, Style style) =>
        Each(root, a => $"Marked {a} down: it is removed from the cluster and stops; the others take its partitions and shards over.");

    public static string DownUnreachable(JsonElement root, Style style)
    {
        var addresses = root.Strings("addresses").ToList();
        return addresses.Count == 0
            ? "No member is unreachable: nothing was downed.\n"
            : $"Downed {addresses.Count} unreachable member{(addresses.Count == 1 ? "" : "s")}: {string.Join(", ", addresses)}.\n";
    }

    private static string Each(JsonElement root, Func<string, string> line) => string.Concat(root.Strings("addresses").Select(a => line(a) + "\n"));
}
