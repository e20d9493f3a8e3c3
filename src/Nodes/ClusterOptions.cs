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

    /// <summary>Seed node addresses (akka.tcp://streaming@host:port); empty makes this node form a cluster of its own.</summary>
    public string[] SeedNodes { get; init; } = [];

    /// <summary>
    /// Roles of this node: "processor" consumes and hosts entities; "gateway" serves HTTP ingest and queries. Empty
    /// (default) means both. Configured roles replace the default (configuration binding would otherwise add them to it),
    /// e.g. <c>Streaming__Cluster__Roles__0=processor</c>.
    /// </summary>
    public string[] Roles { get; init; } = [];

    /// <summary>The roles in force: <see cref="Roles"/>, or both when none are configured.</summary>
    public IReadOnlyList<string> EffectiveRoles => Roles.Length == 0 ? ["gateway", "processor"] : Roles;
}
