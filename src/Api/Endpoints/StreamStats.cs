using Streaming.Actors.Engine;

namespace Streaming.Api.Endpoints;

/// <summary>The answer of <c>GET /api/v1/analytics/stream-stats</c>: per input topic of this node's engine.</summary>
public sealed record StreamStats(IReadOnlyList<StreamStats.Topic> Topics, DateTimeOffset Timestamp)
{
    /// <summary>One input topic: records consumed, late and dead-lettered, and its partitions' watermarks and checkpoints.</summary>
    public sealed record Topic(string Name, long Consumed, long Late, long DeadLetters, IReadOnlyList<EngineMetrics.PartitionState> Partitions);
}
