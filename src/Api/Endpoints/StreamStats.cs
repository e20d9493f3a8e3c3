using Streaming.Queries;

namespace Streaming.Api.Endpoints;

/// <summary>Per input topic: records consumed, late and dead-lettered, and every partition's watermark, delay and checkpoint.</summary>
public sealed record StreamStats(IReadOnlyList<StreamStats.Topic> Topics, DateTimeOffset Timestamp)
{
    public sealed record Topic(string Name, long Consumed, long Late, long DeadLetters, IReadOnlyList<PartitionStatus> Partitions);
}
