namespace Streaming.Nodes;

/// <summary>Settings of section <c>Streaming:Cluster</c> (environment: <c>Streaming__Cluster__…</c>).</summary>
public sealed record NodeClusterOptions
{
    public const string Section = "Streaming:Cluster";

    /// <summary>Name of the actor system; every node of one cluster uses the same.</summary>
    public string SystemName { get; init; } = "streaming";

    /// <summary>Address other nodes reach this one at.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>Akka.Remote port; 0 picks a free one (fine for a single node).</summary>
    public int Port { get; init; }

    /// <summary>Seed node addresses (akka.tcp://streaming@host:port) for <see cref="Formation"/> <c>seeds</c>; empty makes this node form a cluster of its own.</summary>
    public string[] SeedNodes { get; init; } = [];

    /// <summary>
    /// Roles of this node: "processor" consumes and hosts entities; "gateway" serves HTTP ingest and queries. Empty
    /// (default) means both. Configured roles replace the default (configuration binding would otherwise add them to it),
    /// e.g. <c>Streaming__Cluster__Roles__0=processor</c>, or one comma-separated value <c>Streaming__Cluster__Roles=processor</c>.
    /// </summary>
    public string[] Roles { get; init; } = [];

    /// <summary>The roles in force: <see cref="Roles"/> (a comma-separated value is split by <see cref="From"/>), or both when none are configured.</summary>
    public IReadOnlyList<string> EffectiveRoles =>
        Roles.Length == 0 ? ["gateway", "processor"] : [.. Roles.Select(r => r.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// How the node finds its cluster: <c>seeds</c> (default: <see cref="SeedNodes"/>, or a cluster of its own when
    /// empty); <c>config</c> (Akka.Management cluster bootstrap over <see cref="ContactPoints"/>, for local processes);
    /// <c>kubernetes</c> (cluster bootstrap with Akka.Discovery.KubernetesApi: pods labelled <see cref="PodLabelSelector"/>).
    /// </summary>
    public string Formation { get; init; } = "seeds";

    /// <summary>Akka.Management's HTTP port (cluster bootstrap probes it); used by formations <c>config</c> and <c>kubernetes</c>.</summary>
    public int ManagementPort { get; init; } = 8558;

    /// <summary>Formation <c>config</c>: every node's management endpoint, <c>host:port</c>; the cluster forms once all of them answer.</summary>
    public string[] ContactPoints { get; init; } = [];

    /// <summary>The service name cluster bootstrap looks up (formation <c>config</c>), or the app label of the pods (kubernetes).</summary>
    public string ServiceName { get; init; } = "streaming";

    /// <summary>Formation <c>kubernetes</c>: the label selector of the pods that form the cluster (<c>{0}</c> is <see cref="ServiceName"/>).</summary>
    public string PodLabelSelector { get; init; } = "app={0}";

    /// <summary>Formation <c>kubernetes</c>: contact points that must be found before a new cluster forms (the StatefulSet/Deployment's replicas, or fewer).</summary>
    public int RequiredContactPoints { get; init; } = 2;

    /// <summary>
    /// How long the split-brain resolver (keep-majority) waits for reachability to settle before it downs the minority
    /// side; a lost node's partitions move to the others after about this long plus the failure detector's 5–10 s.
    /// </summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(7);

    /// <summary>
    /// The section as configured. A list may also be one comma-separated value (<c>Streaming__Cluster__Roles=processor</c>,
    /// <c>Streaming__Cluster__ContactPoints=a:8558,b:8558</c>), which the binder alone would ignore.
    /// </summary>
    public static NodeClusterOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var options = section.Get<NodeClusterOptions>() ?? new NodeClusterOptions();
        string[]? Scalar(string key) => section[key] is { Length: > 0 } value
            ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;
        return options with
        {
            Roles = Scalar(nameof(Roles)) ?? options.Roles,
            SeedNodes = Scalar(nameof(SeedNodes)) ?? options.SeedNodes,
            ContactPoints = Scalar(nameof(ContactPoints)) ?? options.ContactPoints,
        };
    }

    public NodeClusterOptions Validate()
    {
        if (Formation is not ("seeds" or "config" or "kubernetes"))
            throw new StartupException($"Streaming:Cluster:Formation is '{Formation}'; use seeds, config or kubernetes");
        if (Formation == "config" && ContactPoints.Length == 0)
            throw new StartupException("Streaming:Cluster:Formation is config but Streaming:Cluster:ContactPoints is empty: list every node's host:port of Akka.Management");
        if (EffectiveRoles.FirstOrDefault(r => r is not ("gateway" or "processor")) is { } unknown)
            throw new StartupException($"Streaming:Cluster:Roles has '{unknown}'; use gateway, processor or both");
        return this;
    }
}
