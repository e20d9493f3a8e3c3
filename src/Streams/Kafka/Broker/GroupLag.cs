namespace Streaming.Streams.Broker;

/// <summary>Committed offset, end offset and lag of one partition for one consumer group.</summary>
public sealed record PartitionLag(string Topic, int Partition, long Committed, long End, long Lag);

/// <summary>A consumer group's committed positions and total lag.</summary>
public sealed record GroupLag(string GroupId, long TotalLag, IReadOnlyList<PartitionLag> Partitions);
