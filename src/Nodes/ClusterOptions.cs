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

    /// <summary>Roles of this node: "processor" consumes and hosts entities; "gateway" serves HTTP. Both by default.</summary>
    public string[] Roles { get; init; } = ["gateway", "processor"];
}
