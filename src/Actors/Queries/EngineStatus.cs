namespace Streaming.Queries;

/// <summary>
/// One input partition on this node: its processor's epoch, the checkpoint it resumed from and its latest one, its
/// watermark and how far that trails the wall clock.
/// </summary>
public sealed record PartitionStatus(string PartitionId, long Epoch, long CheckpointOffset, DateTimeOffset Watermark, double WatermarkDelaySeconds,
    DateTimeOffset UpdatedAt, long ResumedFrom = -1);

/// <summary>
/// This node's engine since it started: counters by name (<c>consumed:{topic}</c>, <c>late:{topic}</c>, <c>published</c>,
/// …), its partitions, the partitions held (not processed: their stored state cannot be applied to the log) with the
/// records each cannot process, and the analytics' result counts: by metric name (<c>sessions_closed</c>), and by label
/// for the metrics that count by one (<c>alerts_by_rule</c> → rule → count).
/// </summary>
public sealed record EngineStatus(IReadOnlyDictionary<string, long> Totals, IReadOnlyList<PartitionStatus> Partitions, IReadOnlyDictionary<string, long> Held,
    IReadOnlyDictionary<string, long> Results, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> ResultsByLabel);

/// <summary>The engine's figures on this node.</summary>
public interface IEngineStatus
{
    EngineStatus Current { get; }
}
