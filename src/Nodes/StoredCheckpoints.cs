using Streaming.Engine.State;
using Streaming.Queries;

namespace Streaming.Nodes;

/// <summary><see cref="IPartitionCheckpoints"/> read from the keyed state backend's checkpoint rows.</summary>
public sealed class StoredCheckpoints(IPartitionStore store) : IPartitionCheckpoints
{
    public async Task<IReadOnlyList<PartitionCheckpoint>> ReadAsync(IReadOnlyList<string> partitionIds, CancellationToken ct = default)
    {
        var rows = new List<PartitionCheckpoint>(partitionIds.Count);
        foreach (var id in partitionIds)
        {
            var stored = await store.ReadAsync(id, ct);
            // Epoch 0: no processor ever opened the partition (the store answers an initial row for it).
            if (stored.Epoch == 0) continue;
            rows.Add(new PartitionCheckpoint(id, stored.Epoch, stored.Offset >= 0 ? stored.Offset : null,
                stored.Watermark?.Watermark is { } w && w != DateTimeOffset.MinValue ? w : null, stored.Owner));
        }
        return rows;
    }
}
