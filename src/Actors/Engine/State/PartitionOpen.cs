using System.Collections.Immutable;

namespace Streaming.Engine.State;

/// <summary>A partition a processor opened: its checkpoint with the new epoch, and the result stamps made after the checkpoint (replayed results keep them).</summary>
public sealed record PartitionOpen(StoredPartition Partition, ImmutableArray<ResultStamp> Stamps);
