using Streaming.Analytics.Keyed;
using Streaming.Queries;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Streaming.Engine.Processing;

/// <summary>
/// What the engine did, for /metrics (as .NET meters, exported by the gateway's Prometheus endpoint)
/// and for the analytics endpoints (as a snapshot per partition).
/// </summary>
public sealed class EngineMetrics : IEngineStatus, IDisposable
{
    private readonly Meter _meter = new("Streaming.Engine");
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _late;
    private readonly Counter<long> _published;
    private readonly Counter<long> _resultCounter;
    private readonly Counter<long> _checkpoints;
    private readonly Counter<long> _checkpointFailures;
    private readonly Counter<long> _unprocessable;
    private readonly Counter<long> _crossNode;
    private readonly ConcurrentDictionary<string, long> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PartitionStatus> _partitions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, long> _results = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, long>> _labelled = new(StringComparer.Ordinal);

    /// <param name="metrics">The registered analytics' result counts: they read 0 until their first result.</param>
    public EngineMetrics(IEnumerable<ResultMetric>? metrics = null)
    {
        foreach (var metric in metrics ?? [])
        {
            _results.TryAdd(metric.Name, 0);
            if (metric.ByLabel is { } by) _labelled.TryAdd(by, new ConcurrentDictionary<string, long>(StringComparer.Ordinal));
        }
        _consumed = _meter.CreateCounter<long>("streaming_engine_records_consumed", description: "Input records consumed by the processors");
        _deadLetters = _meter.CreateCounter<long>("streaming_engine_dead_letters", description: "Input records sent to dead_letters");
        _late = _meter.CreateCounter<long>("streaming_engine_late_events", description: "Input events sent to late_events");
        _published = _meter.CreateCounter<long>("streaming_engine_records_published", description: "Result records published");
        _resultCounter = _meter.CreateCounter<long>("streaming_engine_results", description: "Results produced, by kind (the analytics' result metrics) and label");
        _checkpoints = _meter.CreateCounter<long>("streaming_engine_checkpoints", description: "Partition checkpoints completed");
        _checkpointFailures = _meter.CreateCounter<long>("streaming_engine_checkpoint_failures",
            description: "Partition checkpoints whose write failed (the partition stops; it resumes from its previous checkpoint)");
        _unprocessable = _meter.CreateCounter<long>("streaming_engine_records_unprocessable",
            description: "Records a partition could not process: deleted by retention before they were read, or offsets its checkpoint had beyond the log's end");
        _crossNode = _meter.CreateCounter<long>("streaming_engine_entity_replies_cross_node",
            description: "Entity replies a processor received from another node (0 while every partition's shards live with its consumer)");
        _meter.CreateObservableGauge("streaming_engine_partitions_held",
            () => _held.Select(h => new Measurement<long>(1, new KeyValuePair<string, object?>("partition", h.Key))),
            description: "Partitions not processed because their stored state cannot be applied to the log (1 per held partition)");
        _meter.CreateObservableGauge("streaming_engine_watermark_delay_seconds",
            () => _partitions.Values.Select(p => new Measurement<double>(p.WatermarkDelaySeconds, new KeyValuePair<string, object?>("partition", p.PartitionId))),
            description: "Wall clock minus partition watermark");
    }

    public IReadOnlyDictionary<string, long> Totals => _totals;

    public EngineStatus Current => new(new Dictionary<string, long>(_totals, StringComparer.Ordinal), [.. Partitions], new Dictionary<string, long>(_held, StringComparer.Ordinal),
        new SortedDictionary<string, long>(_results, StringComparer.Ordinal),
        _labelled.ToDictionary(l => l.Key, l => (IReadOnlyDictionary<string, long>)new SortedDictionary<string, long>(l.Value, StringComparer.Ordinal), StringComparer.Ordinal));

    public IReadOnlyCollection<PartitionStatus> Partitions => _partitions.Values.OrderBy(p => p.PartitionId, StringComparer.Ordinal).ToList();

    /// <summary>The processor of <paramref name="epoch"/> no longer processes the partition on this node (revoked, drained or failed).</summary>
    public void PartitionStopped(string partitionId, long epoch)
    {
        if (_partitions.TryGetValue(partitionId, out var status) && status.Epoch == epoch)
            _partitions.TryRemove(new KeyValuePair<string, PartitionStatus>(partitionId, status));
    }

    public void PartitionStarted(string partitionId, long epoch, long checkpointOffset) =>
        _partitions[partitionId] = new PartitionStatus(partitionId, epoch, checkpointOffset, DateTimeOffset.MinValue, 0, DateTimeOffset.UtcNow, checkpointOffset);

    public void Consumed(string topic, int count)
    {
        if (count == 0) return;
        _consumed.Add(count, new KeyValuePair<string, object?>("topic", topic));
        Add("consumed:" + topic, count);
    }

    /// <summary>An entity on another node answered a processor of this node (its shard is not where the partition is consumed).</summary>
    public void CrossNode()
    {
        _crossNode.Add(1);
        Add("entity_replies_cross_node", 1);
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

    /// <summary>Counts one result under its analytic's metric (and its label, when the metric counts by one).</summary>
    public void Result(ResultMetric metric, string? label)
    {
        _resultCounter.Add(1, new KeyValuePair<string, object?>("kind", metric.Name), new KeyValuePair<string, object?>("label", label));
        _results.AddOrUpdate(metric.Name, 1, (_, n) => n + 1);
        // Also among the totals of processing-metrics, beside the records consumed that made them.
        Add(metric.Name, 1);
        if (metric.ByLabel is { } by && label is not null)
            _labelled.GetOrAdd(by, _ => new ConcurrentDictionary<string, long>(StringComparer.Ordinal)).AddOrUpdate(label, 1, (_, n) => n + 1);
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
            id => new PartitionStatus(id, 0, -1, watermark, Delay(watermark, now), now),
            (_, p) => p with { Watermark = watermark, WatermarkDelaySeconds = Delay(watermark, now), UpdatedAt = now });

    public void Checkpointed(string partitionId, long offset, int entities)
    {
        _checkpoints.Add(1);
        Add("checkpoints", 1);
        Add("checkpointed_entities", entities);
        _partitions.AddOrUpdate(partitionId,
            id => new PartitionStatus(id, 0, offset, DateTimeOffset.MinValue, 0, DateTimeOffset.UtcNow),
            (_, p) => p with { CheckpointOffset = offset });
    }

    /// <summary>A checkpoint's write failed (not a fenced one: a newer owner taking the partition over is no failure).</summary>
    public void CheckpointFailed(string partitionId)
    {
        _checkpointFailures.Add(1, new KeyValuePair<string, object?>("partition", partitionId));
        Add("checkpoint_failures", 1);
    }

    private static double Delay(DateTimeOffset watermark, DateTimeOffset now) =>
        watermark == DateTimeOffset.MinValue ? 0 : Math.Max(0, (now - watermark).TotalSeconds);

    private void Add(string name, long count) => _totals.AddOrUpdate(name, count, (_, n) => n + count);

    public void Dispose() => _meter.Dispose();
}
