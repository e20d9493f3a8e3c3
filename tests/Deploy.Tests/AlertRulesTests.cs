namespace Streaming.Deploy.Tests;

/// <summary>
/// deploy/prometheus/alerts.yml: valid for promtool, unit-tested by alerts.test.yml, reading only metrics the nodes
/// export, loaded by prometheus.yml as docker-compose.yml mounts it, and documented.
/// </summary>
public sealed class AlertRulesTests
{
    private const string Rules = "deploy/prometheus/alerts.yml";
    private const string RuleTests = "deploy/prometheus/alerts.test.yml";

    [Fact]
    public void Promtool_accepts_the_rules()
    {
        var (exit, stdout, stderr) = Repo.Run("promtool", "prometheus", "check", "rules", Rules);
        Assert.True(exit == 0, $"promtool check rules {Rules} exited {exit}: {stdout}{stderr}");
        Assert.Contains($"SUCCESS: {Alerts().Count} rules found", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rule_unit_tests_pass()
    {
        var (exit, stdout, stderr) = Repo.Run("promtool", "prometheus", "test", "rules", RuleTests);
        Assert.True(exit == 0, $"promtool test rules {RuleTests} exited {exit}: {stdout}{stderr}");
    }

    [Fact]
    public void Every_alert_is_tested_where_it_fires_and_where_it_does_not()
    {
        var tests = Repo.LoadYaml(Repo.Read(RuleTests)).Single();
        Assert.Equal(["alerts.yml"], tests.List("rule_files").Select(f => f.ToString()));
        var cases = tests.List("tests").SelectMany(t => t.List("alert_rule_test")).ToList();
        foreach (var alert in Alerts())
        {
            var own = cases.Where(c => c.Str("alertname") == alert.Str("alert")).ToList();
            Assert.True(own.Any(c => c.List("exp_alerts").Count > 0), $"{alert.Str("alert")}: no test case where it fires");
            Assert.True(own.Any(c => c.List("exp_alerts").Count == 0), $"{alert.Str("alert")}: no test case where it does not fire");
        }
        Assert.All(cases, c => Assert.Contains(c.Str("alertname"), Alerts().Select(a => a.Str("alert"))));
    }

    [Fact]
    public void Every_alert_has_a_for_duration_a_severity_and_says_what_to_do()
    {
        Assert.True(Alerts().Count >= 6, $"only {Alerts().Count} alerts");
        foreach (var alert in Alerts())
        {
            var name = alert.Str("alert")!;
            Assert.False(string.IsNullOrWhiteSpace(alert.Str("for")), $"{name}: no 'for'");
            Assert.Contains(alert.Get("labels").Str("severity"), new[] { "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace(alert.Get("annotations").Str("summary")), $"{name}: no summary");
            Assert.True(alert.Get("annotations").Str("description") is { Length: > 80 }, $"{name}: no description of what to do");
        }
        Assert.Equal(Alerts().Count, Alerts().Select(a => a.Str("alert")).Distinct().Count());
    }

    [Fact]
    public void Alerts_read_only_metrics_the_nodes_export()
    {
        foreach (var alert in Alerts())
        {
            var names = ExportedMetrics.In(alert.Str("expr")!);
            Assert.True(names.Count > 0, $"{alert.Str("alert")}: no metric found in its expression");
            var unknown = names.Where(n => !ExportedMetrics.Names.Contains(n)).ToList();
            Assert.True(unknown.Count == 0, $"{alert.Str("alert")} reads {string.Join(", ", unknown)}, which no node exports");
        }
    }

    [Fact]
    public void Metric_names_are_derived_as_prometheus_net_exports_them()
    {
        var instruments = ExportedMetrics.MeterInstruments();
        // As a demo node's /metrics served it: prometheus-net puts the meter name (Streaming.Engine) before the instrument's.
        Assert.Contains("streaming_engine_streaming_engine_records_consumed", instruments);
        Assert.Contains("streaming_engine_streaming_engine_watermark_delay_seconds", instruments);
        Assert.Contains("streaming_gateway_streaming_gateway_consumer_lag_records", instruments);
        Assert.Contains("streaming_cluster_streaming_cluster_unreachable_members", instruments);
        Assert.Contains("streaming_cdc_streaming_cdc_slot_lag_bytes", instruments);
        Assert.DoesNotContain("streaming_engine_records_consumed", ExportedMetrics.Names);
    }

    [Fact]
    public void Metric_names_are_found_in_promql_but_not_functions_labels_or_strings()
    {
        var names = ExportedMetrics.In(
            "label_replace(delta(a_seconds[10m]), \"topic\", \"$1\", \"partition\", \"(.+)-[0-9]+\") > 5.4e2 and on (instance, topic) "
            + "sum by (instance, topic) (rate(b_total{code=~\"5..\"}[$__rate_interval] offset 5m)) > 0 unless c_bytes or vector(0)");
        Assert.Equal(["a_seconds", "b_total", "c_bytes"], names);
    }

    [Fact]
    public void Prometheus_loads_the_rules_from_the_directory_docker_compose_mounts()
    {
        var (exit, stdout, stderr) = Repo.Run("promtool", "prometheus", "check", "config", "deploy/prometheus/prometheus.yml");
        Assert.True(exit == 0, $"promtool check config exited {exit}: {stdout}{stderr}");
        var config = Repo.LoadYaml(Repo.Read("deploy/prometheus/prometheus.yml")).Single();
        Assert.Contains("alerts.yml", config.List("rule_files").Select(f => f.ToString()));
        // The image reads /etc/prometheus/prometheus.yml; relative rule files resolve from that directory.
        var prometheus = Repo.LoadYaml(Repo.Read("docker-compose.yml")).Single().Map("services").Map("prometheus");
        Assert.Null(prometheus.Get("command"));
        Assert.Contains("./deploy/prometheus:/etc/prometheus:ro", prometheus.List("volumes").Select(v => v.ToString()));
    }

    [Fact]
    public void Every_alert_is_documented_in_the_operations_guide()
    {
        var guide = Repo.Read("docs/operations.md");
        var missing = Alerts().Select(a => a.Str("alert")!).Where(a => !guide.Contains($"`{a}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"docs/operations.md does not describe {string.Join(", ", missing)}");
    }

    private static List<Dictionary<object, object>> Alerts() =>
        [.. Repo.LoadYaml(Repo.Read(Rules)).Single().List("groups").SelectMany(g => g.List("rules")).Cast<Dictionary<object, object>>()];
}
