using Streaming.Queries;

namespace Streaming.Api.Admin;

/// <summary>The partition table from its facts: one row per input partition.</summary>
public static class PartitionRows
{
    public const string Processing = "processing";
    public const string Held = "held";
    public const string Unassigned = "unassigned";

    /// <summary>
    /// Every partition of every input topic, in topic order then by partition. The owner is this node when its engine
    /// processes the partition, else the stored owner while that node is a live member other than this one (this node
    /// knows what it processes). Held: this node holds it, or a member of the group is assigned it and no node processes
    /// it (held there, or being opened). Lag is the log end minus the committed offset when both are known.
    /// </summary>
    public static IReadOnlyList<PartitionRow> Assemble(PartitionFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var stored = facts.Checkpoints.ToDictionary(c => c.PartitionId, StringComparer.Ordinal);
        var rows = new List<PartitionRow>();
        foreach (var (topic, count) in facts.Topics)
        {
            for (var partition = 0; partition < count; partition++)
            {
                var key = (topic, partition);
                // The engine's partition ids (PartitionIds.Of): topic, '-', partition.
                var id = $"{topic}-{partition}";
                var checkpoint = stored.GetValueOrDefault(id);
                var held = facts.HeldHere.Contains(id);
                var owner = held ? null : Owner(facts, id, checkpoint);
                var state = owner is not null ? Processing
                    : held || facts.Assigned?.Contains(key) == true ? Held
                    : Unassigned;
                long? committed = facts.Committed.TryGetValue(key, out var c) ? c : null;
                long? end = facts.Ends.TryGetValue(key, out var e) ? e : null;
                var watermark = checkpoint?.Watermark;
                rows.Add(new PartitionRow(topic, partition, owner, checkpoint?.Epoch, checkpoint?.Offset, committed, end,
                    committed is { } from && end is { } to ? Math.Max(0, to - from) : null,
                    watermark, watermark is { } w ? Math.Max(0, (facts.Now - w).TotalSeconds) : null, state));
            }
        }
        return rows;
    }

    private static string? Owner(PartitionFacts facts, string id, PartitionCheckpoint? checkpoint)
    {
        if (facts.Self is { } self && facts.ProcessedHere.Contains(id)) return self;
        return checkpoint?.Owner is { } owner && owner != facts.Self && facts.LiveMembers.Contains(owner) ? owner : null;
    }
}
