using System.Text.RegularExpressions;

namespace Streaming.Deploy.Tests;

/// <summary>
/// The metric names a node serves on /metrics, as the alert rules and dashboards must spell them, and the metric names
/// a PromQL expression reads.
/// </summary>
public static partial class ExportedMetrics
{
    /// <summary>
    /// Metrics prometheus-net itself serves once the gateway maps /metrics (MapMetrics) and counts requests
    /// (UseHttpMetrics): copied from a demo node's /metrics (prometheus-net.AspNetCore 8.2.1). Histograms are listed
    /// by family name; their series end in _bucket, _sum and _count.
    /// </summary>
    private static readonly string[] HttpMetrics = ["http_requests_received_total", "http_requests_in_progress"];

    private static readonly string[] HttpHistograms = ["http_request_duration_seconds"];

    private static readonly string[] ProcessMetrics =
    [
        "process_cpu_seconds_total", "process_working_set_bytes", "process_private_memory_bytes", "process_virtual_memory_bytes",
        "process_open_handles", "process_num_threads", "process_start_time_seconds", "dotnet_total_memory_bytes", "dotnet_collection_count_total",
    ];

    private static readonly Lazy<HashSet<string>> Exported = new(Collect);

    /// <summary>Every exported series name: the .NET meters' instruments of src/ plus prometheus-net's own.</summary>
    public static IReadOnlySet<string> Names => Exported.Value;

    /// <summary>
    /// The instruments src/ creates on its .NET meters, under the names prometheus-net's MeterAdapter gives them:
    /// <c>&lt;meter&gt;_&lt;instrument&gt;</c> lower-cased, other characters than [a-z0-9_] made underscores (meter
    /// Streaming.Engine, instrument streaming_engine_checkpoints: streaming_engine_streaming_engine_checkpoints).
    /// </summary>
    public static IReadOnlySet<string> MeterInstruments()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Repo.Path("src"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            var text = File.ReadAllText(file);
            var instruments = Instrument().Matches(text).Select(m => m.Groups[1].Value).ToList();
            if (instruments.Count == 0) continue;
            var meters = MeterName().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.True(meters.Count == 1, $"{file} creates instruments on {meters.Count} meters ({string.Join(", ", meters)}); this test expects one per file");
            foreach (var instrument in instruments) names.Add(PrometheusName($"{meters[0]}_{instrument}"));
        }
        return names;
    }

    /// <summary>The metric names <paramref name="promql"/> selects (not functions, keywords, labels or strings).</summary>
    public static IReadOnlyList<string> In(string promql)
    {
        Assert.DoesNotContain("__name__", promql, StringComparison.Ordinal);
        var text = StringLiteral().Replace(promql, "\"\"");
        text = GrafanaVariable().Replace(text, "1m");
        text = LabelMatchers().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        text = RangeOrSubquery().Replace(text, " ");
        return [.. Identifier().Matches(text).Select(m => m.Value).Where(n => !Keywords.Contains(n)).Distinct()];
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "atan2", "inf", "nan", "Inf", "NaN",
    };

    private static HashSet<string> Collect()
    {
        var names = new HashSet<string>(MeterInstruments(), StringComparer.Ordinal);
        var gateway = Repo.Read("src/Api/GatewayServices.cs");
        Assert.Contains("MapMetrics(\"/metrics\")", gateway, StringComparison.Ordinal);
        names.UnionWith(ProcessMetrics);
        if (gateway.Contains("UseHttpMetrics()", StringComparison.Ordinal))
        {
            names.UnionWith(HttpMetrics);
            foreach (var histogram in HttpHistograms) names.UnionWith(new[] { "_bucket", "_sum", "_count" }.Select(suffix => histogram + suffix));
        }
        return names;
    }

    private static string PrometheusName(string name) => NotInName().Replace(name.ToLowerInvariant(), "_");

    [GeneratedRegex(@"\.Create(?:Counter|UpDownCounter|Histogram|Gauge|ObservableCounter|ObservableUpDownCounter|ObservableGauge)(?:<[^>]+>)?\(\s*""([^""]+)""")]
    private static partial Regex Instrument();

    /// <summary><c>new Meter("…")</c>, a target-typed <c>new("…")</c> or an <c>IMeterFactory.Create("…")</c>.</summary>
    [GeneratedRegex(@"(?:\bnew(?:\s+Meter)?|\.Create)\(\s*""(Streaming\.[^""]+)""\s*\)")]
    private static partial Regex MeterName();

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex NotInName();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'")]
    private static partial Regex StringLiteral();

    /// <summary>Grafana's <c>$__rate_interval</c>, <c>$var</c> and <c>${var}</c>.</summary>
    [GeneratedRegex(@"\$\{[^}]*\}|\$\w+")]
    private static partial Regex GrafanaVariable();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeOrSubquery();

    /// <summary>A name not followed by "(" (a function or an aggregation) and not part of a number.</summary>
    [GeneratedRegex(@"(?<![\w:.])[a-zA-Z_:][\w:]*(?![\w:])(?!\s*\()")]
    private static partial Regex Identifier();
}
