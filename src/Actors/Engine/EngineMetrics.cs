using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Streaming.Actors.Engine;

/// <summary>
/// What the engine did, for /metrics (as .NET meters, exported by the gateway's Prometheus endpoint)
/// and for the analytics endpoints (as a snapshot per partition).
/// </summary>
public sealed class EngineMetrics : IDisposable
{
    /// <summary>A partition on this node: its epoch, the checkpoint it resumed from and its latest one, its watermark.</summary>
    public sealed record PartitionState(string PartitionId, long Epoch, long CheckpointOffset, DateTimeOffset Watermark, double WatermarkDelaySeconds, DateTimeOffset UpdatedAt,
        long ResumedFrom = -1);

    private readonly Meter _meter = new("Streaming.Engine");
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _late;
    private readonly Counter<long> _published;
    private readonly Counter<long> _sessions;
    private readonly Counter<long> _checkpoints;
    private readonly Counter<long> _unprocessable;
    private readonly ConcurrentDictionary<string, long> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PartitionState> _partitions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public EngineMetrics()
    {
        _consumed = _meter.CreateCounter<long>("streaming_engine_records_consumed", description: "Input records consumed by the processors");
        _deadLetters = _meter.CreateCounter<long>("streaming_engine_dead_letters", description: "Input records sent to dead_letters");
        _late = _meter.CreateCounter<long>("streaming_engine_late_events", description: "Input events sent to late_events");
        _published = _meter.CreateCounter<long>("streaming_engine_records_published", description: "Result records published");
        _sessions = _meter.CreateCounter<long>("streaming_engine_sessions_closed", description: "User sessions closed and published");
        _checkpoints = _meter.CreateCounter<long>("streaming_engine_checkpoints", description: "Partition checkpoints completed");
        _unprocessable = _meter.CreateCounter<long>("streaming_engine_records_unprocessable",
            description: "Records a partition could not process: deleted by retention before they were read, or offsets its checkpoint had beyond the log's end");
        _meter.CreateObservableGauge("streaming_engine_partitions_held",
            () => _held.Select(h => new Measurement<long>(1, new KeyValuePair<string, object?>("partition", h.Key))),
            description: "Partitions not processed because their stored state cannot be applied to the log (1 per held partition)");
        _meter.CreateObservableGauge("streaming_engine_watermark_delay_seconds",
            () => _partitions.Values.Select(p => new Measurement<double>(p.WatermarkDelaySeconds, new KeyValuePair<string, object?>("partition", p.PartitionId))),
            description: "Wall clock minus partition watermark");
    }

    public IReadOnlyDictionary<string, long> Totals => _totals;

    public IReadOnlyCollection<PartitionState> Partitions => _partitions.Values.OrderBy(p => p.PartitionId, StringComparer.Ordinal).ToList();

    public void PartitionStarted(string partitionId, long epoch, long checkpointOffset) =>
        _partitions[partitionId] = new PartitionState(partitionId, epoch, checkpointOffset, DateTimeOffset.MinValue, 0, DateTimeOffset.UtcNow, checkpointOffset);

    public void Consumed(string topic, int count)
    {
        if (count == 0) return;
        _consumed.Add(count, new KeyValuePair<string, object?>("topic", topic));
        Add("consumed:" + topic, count);
    }

    public void DeadLetter(string topic)
    {
        _deadLetters.Add(1, new KeyValuePair<string, object?>("topic", topic));
        Add("dead_letters:" + topic, 1);
    }

    public void Late(string topic)
    {
        _late.Add(1, new KeyValuePair<string, object?>("topic", topic));
        Add("late:" + topic, 1);
    }

    public void Published(int count)
    {
        if (count == 0) return;
        _published.Add(count);
        Add("published", count);
    }

    public void SessionsClosed(int count)
    {
        if (count == 0) return;
        _sessions.Add(count);
        Add("sessions_closed", count);
    }

    /// <summary>Counts results of one kind (e.g. product windows closed, alerts raised) for the analytics endpoints.</summary>
    public void Results(string kind, int count)
    {
        if (count == 0) return;
        Add(kind, count);
    }

    /// <summary>Records of a partition that cannot be processed (gone from the log, or a checkpoint beyond its end).</summary>
    public void Unprocessable(string topic, int partition, long count)
    {
        _unprocessable.Add(count, new KeyValuePair<string, object?>("topic", topic), new KeyValuePair<string, object?>("partition", partition));
        Add("unprocessable:" + topic, count);
    }

    /// <summary>A partition is not processed (its stored state cannot be applied to its log); see <see cref="HeldPartitions"/>.</summary>
    public void Held(string partitionId, long unprocessable) => _held[partitionId] = unprocessable;

    public void Released(string partitionId) => _held.TryRemove(partitionId, out _);

    /// <summary>Partitions held now, with the records each cannot process (0 when the stream's identity changed).</summary>
    public IReadOnlyDictionary<string, long> HeldPartitions => _held;

    public void Watermark(string partitionId, DateTimeOffset watermark, DateTimeOffset now) =>
        _partitions.AddOrUpdate(partitionId,
            id => new PartitionState(id, 0, -1, watermark, Delay(watermark, now), now),
            (_, p) => p with { Watermark = watermark, WatermarkDelaySeconds = Delay(watermark, now), UpdatedAt = now });

    public void Checkpointed(string partitionId, long offset, int entities)
    {
        _checkpoints.Add(1);
        Add("checkpoints", 1);
        Add("checkpointed_entities", entities);
        _partitions.AddOrUpdate(partitionId,
            id => new PartitionState(id, 0, offset, DateTimeOffset.MinValue, 0, DateTimeOffset.UtcNow),
            (_, p) => p with { CheckpointOffset = offset });
    }

    private static double Delay(DateTimeOffset watermark, DateTimeOffset now) =>
        watermark == DateTimeOffset.MinValue ? 0 : Math.Max(0, (now - watermark).TotalSeconds);

    private void Add(string name, long count) => _totals.AddOrUpdate(name, count, (_, n) => n + count);

    public void Dispose() => _meter.Dispose();
}
