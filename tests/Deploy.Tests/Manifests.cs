namespace Streaming.Deploy.Tests;

/// <summary>The objects <c>kubectl kustomize</c> renders from a kustomization directory.</summary>
public sealed class Manifests
{
    public const string Base = "k8s/base";
    public const string Production = "k8s/overlays/production";
    public static TheoryData<string> Kustomizations => new() { Base, Production };

    private static readonly Dictionary<string, Manifests> Rendered = [];

    public string Text { get; }
    public List<Dictionary<object, object>> Objects { get; }

    private Manifests(string text)
    {
        Text = text;
        Objects = Repo.LoadYaml(text);
    }

    public static Manifests Render(string directory)
    {
        lock (Rendered)
        {
            if (Rendered.TryGetValue(directory, out var cached)) return cached;
            var (exit, stdout, stderr) = Repo.Run("kubectl", "kubernetes-client", "kustomize", directory);
            Assert.True(exit == 0, $"kubectl kustomize {directory} exited {exit}: {stderr}");
            return Rendered[directory] = new Manifests(stdout);
        }
    }

    public IEnumerable<Dictionary<object, object>> OfKind(params string[] kinds) =>
        Objects.Where(o => kinds.Contains(o.Str("kind")));

    public IEnumerable<Dictionary<object, object>> Workloads => OfKind("Deployment", "StatefulSet");

    public static string Name(object o) => o.Map("metadata").Str("name")!;

    public static Dictionary<string, string> PodLabels(object workload) =>
        workload.Map("spec").Map("template").Map("metadata").Get("labels").Labels();

    public static IEnumerable<Dictionary<object, object>> Containers(object workload) =>
        workload.Map("spec").Map("template").Map("spec").List("containers").Cast<Dictionary<object, object>>();

    /// <summary>True when every pair of <paramref name="selector"/> is among <paramref name="labels"/> (an empty selector selects nothing here).</summary>
    public static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);

    /// <summary>A container's environment: its ConfigMaps and Secrets (envFrom), then its own env, which wins.</summary>
    public Dictionary<string, string> Environment(object container)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.List("envFrom"))
        {
            var (kind, reference) = source.Get("configMapRef") is { } c ? ("ConfigMap", c) : ("Secret", source.Get("secretRef"));
            var name = reference.Str("name");
            var target = OfKind(kind).SingleOrDefault(o => Name(o) == name);
            Assert.True(target is not null, $"envFrom names {kind} '{name}', which the manifests do not define");
            foreach (var data in new[] { "data", "stringData" })
                foreach (var kv in target.Get(data) as Dictionary<object, object> ?? [])
                    env[kv.Key.ToString()!] = kind == "Secret" && data == "data"
                        ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(kv.Value?.ToString() ?? ""))
                        : kv.Value?.ToString() ?? "";
        }
        foreach (var e in container.List("env"))
            env[e.Str("name")!] = e.Str("value") ?? "(valueFrom)";
        return env;
    }
}
