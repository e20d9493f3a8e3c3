using System.Text.Json;

namespace Streaming.Deploy.Tests;

/// <summary>deploy/grafana/dashboards: what Grafana's provisioning loads, and queries that find the nodes' metrics.</summary>
public sealed class DashboardTests
{
    private const string Folder = "deploy/grafana/dashboards";

    [Fact]
    public void Every_dashboard_parses_with_a_unique_uid_and_title_and_panels_with_queries()
    {
        var dashboards = Dashboards();
        Assert.True(dashboards.Count >= 4, $"{dashboards.Count} dashboards in {Folder}");
        foreach (var (file, root) in dashboards)
        {
            Assert.False(string.IsNullOrWhiteSpace(Text(root, "uid")), $"{file}: no uid");
            Assert.False(string.IsNullOrWhiteSpace(Text(root, "title")), $"{file}: no title");
            Assert.NotEmpty(Panels(root));
            foreach (var panel in Panels(root))
                Assert.True(Queries(panel).Any(), $"{file}: panel '{Text(panel, "title")}' has no query");
        }
        Assert.Equal(dashboards.Count, dashboards.Select(d => Text(d.Root, "uid")).Distinct().Count());
        Assert.Equal(dashboards.Count, dashboards.Select(d => Text(d.Root, "title")).Distinct().Count());
        Assert.All(dashboards, d => Assert.Equal(d.Root.GetProperty("panels").GetArrayLength(),
            d.Root.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()).Distinct().Count()));
    }

    [Fact]
    public void Dashboard_queries_read_only_metrics_the_nodes_export()
    {
        foreach (var (file, root) in Dashboards())
            foreach (var panel in Panels(root))
                foreach (var query in Queries(panel))
                {
                    var names = ExportedMetrics.In(query);
                    Assert.True(names.Count > 0, $"{file} '{Text(panel, "title")}': no metric in {query}");
                    var unknown = names.Where(n => !ExportedMetrics.Names.Contains(n)).ToList();
                    Assert.True(unknown.Count == 0, $"{file} '{Text(panel, "title")}' reads {string.Join(", ", unknown)}, which no node exports");
                }
    }

    [Fact]
    public void Dashboard_queries_are_valid_promql()
    {
        // promtool parses rule expressions: every query becomes a recording rule of a throw-away file, Grafana's
        // interval variables a fixed window.
        var queries = Dashboards().SelectMany(d => Panels(d.Root)).SelectMany(Queries).ToList();
        var rules = "groups:\n  - name: dashboards\n    rules:\n" + string.Concat(queries.Select((q, i) =>
            $"      - record: dashboard:query_{i}\n        expr: {JsonSerializer.Serialize(q.Replace("$__rate_interval", "1m", StringComparison.Ordinal))}\n"));
        var file = Path.Combine(Path.GetTempPath(), $"dashboard-queries-{Guid.NewGuid():N}.yml");
        File.WriteAllText(file, rules);
        try
        {
            var (exit, stdout, stderr) = Repo.Run("promtool", "prometheus", "check", "rules", file);
            Assert.True(exit == 0, $"promtool check rules exited {exit}: {stdout}{stderr}");
            Assert.Contains($"SUCCESS: {queries.Count} rules found", stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Grafana_provisions_the_dashboards_folder_from_the_prometheus_datasource()
    {
        var provider = Repo.LoadYaml(Repo.Read("deploy/grafana/provisioning/dashboards/streaming.yml")).Single().List("providers").Single();
        var path = provider.Get("options").Str("path");
        var grafana = Repo.LoadYaml(Repo.Read("docker-compose.yml")).Single().Map("services").Map("grafana");
        Assert.Contains($"./{Folder}:{path}:ro", grafana.List("volumes").Select(v => v.ToString()));
        var datasource = Repo.LoadYaml(Repo.Read("deploy/grafana/provisioning/datasources/prometheus.yml")).Single().List("datasources").Single().Str("uid");
        foreach (var (file, root) in Dashboards())
            foreach (var panel in Panels(root))
                Assert.True(panel.TryGetProperty("datasource", out var source) && Text(source, "uid") == datasource,
                    $"{file} '{Text(panel, "title")}' does not query datasource '{datasource}'");
    }

    private static List<(string File, JsonElement Root)> Dashboards() =>
        [.. Directory.EnumerateFiles(Repo.Path(Folder), "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), JsonDocument.Parse(File.ReadAllText(f)).RootElement))];

    /// <summary>Every panel, those inside collapsed rows included.</summary>
    private static IEnumerable<JsonElement> Panels(JsonElement container) =>
        container.TryGetProperty("panels", out var panels)
            ? panels.EnumerateArray().SelectMany(p => Text(p, "type") == "row" ? Panels(p) : [p])
            : [];

    private static IEnumerable<string> Queries(JsonElement panel) =>
        panel.TryGetProperty("targets", out var targets)
            ? targets.EnumerateArray().Select(t => Text(t, "expr")).OfType<string>()
            : [];

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
