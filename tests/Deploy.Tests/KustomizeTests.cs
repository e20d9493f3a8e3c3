using System.Globalization;
using System.Text.RegularExpressions;

namespace Streaming.Deploy.Tests;

public sealed partial class KustomizeTests
{
    [Theory, MemberData(nameof(Manifests.Kustomizations), MemberType = typeof(Manifests))]
    public void Kustomization_renders_both_roles(string directory)
    {
        var manifests = Manifests.Render(directory);
        var roles = manifests.Workloads.SelectMany(Manifests.Containers)
            .Select(c => manifests.Environment(c).GetValueOrDefault("Streaming__Cluster__Roles"))
            .ToHashSet();
        Assert.Contains("gateway", roles);
        Assert.Contains("processor", roles);
    }

    [Theory, MemberData(nameof(Manifests.Kustomizations), MemberType = typeof(Manifests))]
    public void Every_workload_selector_matches_its_pod_template(string directory)
    {
        foreach (var workload in Manifests.Render(directory).Workloads)
        {
            var selector = workload.Map("spec").Map("selector").Get("matchLabels").Labels();
            Assert.True(Manifests.Selects(selector, Manifests.PodLabels(workload)),
                $"{Manifests.Name(workload)}: selector does not match its pod template labels");
        }
    }

    [Theory, MemberData(nameof(Manifests.Kustomizations), MemberType = typeof(Manifests))]
    public void Every_service_and_pdb_selects_some_pod_template(string directory)
    {
        var manifests = Manifests.Render(directory);
        var pods = manifests.Workloads.Select(Manifests.PodLabels).ToList();
        Assert.NotEmpty(manifests.OfKind("Service"));
        Assert.NotEmpty(manifests.OfKind("PodDisruptionBudget"));
        foreach (var service in manifests.OfKind("Service"))
        {
            var selector = service.Map("spec").Get("selector").Labels();
            Assert.True(pods.Any(p => Manifests.Selects(selector, p)), $"Service {Manifests.Name(service)} selects no pod template");
        }
        foreach (var pdb in manifests.OfKind("PodDisruptionBudget"))
        {
            var selector = pdb.Map("spec").Map("selector").Get("matchLabels").Labels();
            Assert.True(pods.Any(p => Manifests.Selects(selector, p)), $"PodDisruptionBudget {Manifests.Name(pdb)} selects no pod template");
        }
    }

    [Theory, MemberData(nameof(Manifests.Kustomizations), MemberType = typeof(Manifests))]
    public void Every_hpa_targets_an_existing_workload(string directory)
    {
        var manifests = Manifests.Render(directory);
        Assert.NotEmpty(manifests.OfKind("HorizontalPodAutoscaler"));
        foreach (var hpa in manifests.OfKind("HorizontalPodAutoscaler"))
        {
            var target = hpa.Map("spec").Map("scaleTargetRef");
            Assert.True(manifests.Workloads.Any(w => w.Str("kind") == target.Str("kind") && Manifests.Name(w) == target.Str("name")),
                $"HPA {Manifests.Name(hpa)} targets {target.Str("kind")} {target.Str("name")}, which is not rendered");
        }
    }

    [Theory, MemberData(nameof(Manifests.Kustomizations), MemberType = typeof(Manifests))]
    public void Probes_use_served_paths_and_the_gateway_port(string directory)
    {
        var served = ServedProbePaths();
        var manifests = Manifests.Render(directory);
        foreach (var container in manifests.Workloads.SelectMany(Manifests.Containers))
        {
            var ports = container.List("ports").ToDictionary(p => p.Str("name") ?? p.Str("containerPort")!, p => int.Parse(p.Str("containerPort")!, CultureInfo.InvariantCulture));
            var urls = manifests.Environment(container).GetValueOrDefault("Streaming__Gateway__Urls", "http://0.0.0.0:8888");
            var urlPorts = urls.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u.Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port).ToList();
            Assert.Equal("/health/live", container.Get("livenessProbe").Map("httpGet").Str("path"));
            Assert.Equal("/health/ready", container.Get("readinessProbe").Map("httpGet").Str("path"));
            var probes = new[] { "livenessProbe", "readinessProbe", "startupProbe" }.Select(p => container.Get(p)).OfType<object>();
            foreach (var probe in probes)
            {
                var get = probe.Map("httpGet");
                Assert.True(served.Contains(get.Str("path") ?? ""), $"probe path {get.Str("path")} is not served by ProbeEndpoints.cs");
                var port = get.Str("port")!;
                Assert.True(ports.TryGetValue(port, out var number) || (int.TryParse(port, out number) && ports.ContainsValue(number)),
                    $"probe port '{port}' is not a declared container port ({string.Join(", ", ports.Keys)})");
                Assert.True(urlPorts.Contains(number), $"probe port {number} is not the port of Streaming__Gateway__Urls ({urls})");
            }
        }
    }

    [Theory, MemberData(nameof(Manifests.Kustomizations), MemberType = typeof(Manifests))]
    public void Kubernetes_discovery_selects_the_processor_and_gateway_pods(string directory)
    {
        var manifests = Manifests.Render(directory);
        var checkedRoles = new HashSet<string>();
        foreach (var workload in manifests.Workloads)
            foreach (var container in Manifests.Containers(workload))
            {
                var env = manifests.Environment(container);
                Assert.Equal("kubernetes", env.GetValueOrDefault("Streaming__Cluster__Formation"));
                // Defaults of Streaming:Cluster (docs/configuration.md) when not set.
                var selector = string.Format(CultureInfo.InvariantCulture,
                    env.GetValueOrDefault("Streaming__Cluster__PodLabelSelector", "app={0}"),
                    env.GetValueOrDefault("Streaming__Cluster__ServiceName", "streaming"));
                var pairs = selector.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
                Assert.True(Manifests.Selects(pairs, Manifests.PodLabels(workload)),
                    $"{Manifests.Name(workload)}: discovery selector '{selector}' does not match its own pod labels");
                // Cluster bootstrap probes the container port named "management" (ClusterFormation.cs).
                Assert.Contains(container.List("ports"), p => p.Str("name") == "management");
                checkedRoles.Add(env.GetValueOrDefault("Streaming__Cluster__Roles", ""));
            }
        Assert.Contains("processor", checkedRoles);
        Assert.Contains("gateway", checkedRoles);
    }

    [Fact]
    public void Bootstrap_port_name_is_the_one_ClusterFormation_uses()
    {
        Assert.Contains("PortName = \"management\"", Repo.Read("src/Nodes/ClusterFormation.cs"), StringComparison.Ordinal);
    }

    /// <summary>The health routes src/Nodes/ProbeEndpoints.cs maps; both probes must be among them.</summary>
    private static HashSet<string> ServedProbePaths()
    {
        var paths = MapHealthChecks().Matches(Repo.Read("src/Nodes/ProbeEndpoints.cs")).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Contains("/health/live", paths);
        Assert.Contains("/health/ready", paths);
        return paths;
    }

    [GeneratedRegex(@"MapHealthChecks\(""([^""]+)""")]
    private static partial Regex MapHealthChecks();
}
