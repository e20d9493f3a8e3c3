using System.Globalization;
using System.Text.RegularExpressions;

namespace Streaming.Nodes.Tests;

/// <summary>What the tests read from a node's log lines.</summary>
public static partial class NodeLog
{
    /// <summary>The offset each partition was drained at (the last drain, when several nodes drained it in turn).</summary>
    public static Dictionary<string, long> Drained(IEnumerable<string> lines) =>
        lines.Select(l => DrainedLine().Match(l)).Where(m => m.Success)
            .GroupBy(m => m.Groups[1].Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)), StringComparer.Ordinal);

    /// <summary>How long each partition that took over waited for its shards to arrive, in milliseconds.</summary>
    public static List<long> ShardWaits(IEnumerable<string> lines) =>
        [.. lines.Select(l => ArrivedLine().Match(l)).Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"(\w+-\d+): drained at offset (-?\d+)")]
    private static partial Regex DrainedLine();

    [GeneratedRegex(@"its shards arrived on this node after (\d+) ms")]
    private static partial Regex ArrivedLine();
}
