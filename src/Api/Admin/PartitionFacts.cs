using Streaming.Queries;

namespace Streaming.Api.Admin;

/// <summary>
/// What the partition table is made of, gathered from Kafka, the state database, the cluster and this node's engine.
/// Kafka's facts are keyed by (topic, partition); the stored and local ones by partition id <c>{topic}-{partition}</c>.
/// </summary>
public sealed record PartitionFacts
{
    /// <summary>The input topics in the order to list them, with their partition counts.</summary>
    public required IReadOnlyList<(string Topic, int Partitions)> Topics { get; init; }

    /// <summary>The processors' committed offsets (the next offset they will read); partitions without a commit are absent.</summary>
    public IReadOnlyDictionary<(string Topic, int Partition), long> Committed { get; init; } = new Dictionary<(string, int), long>();

    /// <summary>The partitions' log end offsets (the offset the next record gets).</summary>
    public IReadOnlyDictionary<(string Topic, int Partition), long> Ends { get; init; } = new Dictionary<(string, int), long>();

    /// <summary>The partitions some member of the group is assigned; null when the broker cannot say.</summary>
    public IReadOnlySet<(string Topic, int Partition)>? Assigned { get; init; }

    /// <summary>The stored checkpoint rows.</summary>
    public IReadOnlyList<PartitionCheckpoint> Checkpoints { get; init; } = [];

    /// <summary>This node's cluster address (null when it is no cluster member).</summary>
    public string? Self { get; init; }

    /// <summary>Members that may still be processing: a stored owner not among them is gone (killed, downed).</summary>
    public IReadOnlySet<string> LiveMembers { get; init; } = new HashSet<string>();

    /// <summary>Partitions this node's engine processes now.</summary>
    public IReadOnlySet<string> ProcessedHere { get; init; } = new HashSet<string>();

    /// <summary>Partitions this node's engine holds (their stored state cannot be applied to the log).</summary>
    public IReadOnlySet<string> HeldHere { get; init; } = new HashSet<string>();

    public required DateTimeOffset Now { get; init; }
}
