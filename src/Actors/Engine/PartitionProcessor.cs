using System.Collections.Immutable;
using Akka.Actor;
using Confluent.Kafka;
using Streaming.Actors.Entities;
using Streaming.Streams.EventTime;
using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>
/// Drives one input partition of a <see cref="IKeyedComputation{TInput, TOutput}"/>, one step at a
/// time: parse, advance the watermark, have the keyed entities apply their inputs (in offset order),
/// fire due timers, publish what they produced and await the acks, and — every checkpoint interval —
/// store the partition checkpoint with the state of every entity it touched (one event), then hand
/// the offset to the committer. Each step waits for the previous one, so a checkpoint captures exactly the state at its
/// offset, and everything published before it is acknowledged.
/// </summary>
public sealed class PartitionProcessor<TInput, TOutput> : IPartitionProcessor
    where TInput : notnull
{
    private const char TimerSeparator = '/';
    private readonly IKeyedComputation<TInput, TOutput> _computation;
    private readonly TopicPartition _partition;
    private readonly string _partitionId;
    private readonly IActorRef _checkpoints;
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly EngineOptions _engine;
    private readonly WatermarkOptions _watermarkOptions;
    private readonly TimeProvider _clock;
    private readonly EngineMetrics _metrics;
    private readonly Dictionary<string, EntityTarget<TInput>> _targets;
    private readonly Dictionary<string, long> _touched = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _timerOf = new(StringComparer.Ordinal);
    private TimerService<string> _timers = new();
    private PartitionWatermark _watermark;
    private long _epoch;
    private long _lastOffset = -1;
    private long _checkpointOffset = -1;
    private CommittableOffset? _lastCommittable;
    private DateTimeOffset _lastCheckpointAt;

    public PartitionProcessor(IKeyedComputation<TInput, TOutput> computation, TopicPartition partition, IActorRef checkpoints,
        IProducer<byte[]?, byte[]> producer, EngineOptions engine, AnalyticsOptions analytics, EngineMetrics metrics, TimeProvider clock)
    {
        _computation = computation;
        _partition = partition;
        _partitionId = PartitionIds.Of(partition.Topic, partition.Partition.Value);
        _checkpoints = checkpoints;
        _producer = producer;
        _engine = engine;
        _watermarkOptions = new WatermarkOptions(analytics.OutOfOrderness, analytics.IdleAfter);
        _metrics = metrics;
        _clock = clock;
        _targets = computation.Targets.ToDictionary(t => t.Name, StringComparer.Ordinal);
        _watermark = PartitionWatermark.Start(clock.GetUtcNow(), _watermarkOptions);
    }

    public string PartitionId => _partitionId;

    /// <summary>Takes over the partition: a new epoch, and the last checkpoint's offset, watermark and timers.</summary>
    public async Task StartAsync()
    {
        var opened = await _checkpoints.Ask<PartitionOpened>(new OpenPartition(_partitionId), _engine.AskTimeout);
        var checkpoint = opened.Checkpoint;
        var now = _clock.GetUtcNow();
        _epoch = checkpoint.Epoch;
        _lastOffset = _checkpointOffset = checkpoint.Offset;
        _watermark = checkpoint.Watermark is { } snapshot
            ? PartitionWatermark.Restore(snapshot, _watermarkOptions, now)
            : PartitionWatermark.Start(now, _watermarkOptions);
        var timers = checkpoint.Timers.Select(t => t with { Key = Normalize(t.Key) }).ToList();
        _timers = new TimerService<string>(timers.Select(t => new EventTimer<string>(t.Key, t.Time)));
        foreach (var t in timers) _timerOf[t.Key] = t.Time;
        _lastCheckpointAt = now;
        _metrics.PartitionStarted(_partitionId, _epoch, _checkpointOffset);
    }

    /// <summary>One step over a batch (empty on a clock tick); returns an offset to commit after a checkpoint.</summary>
    public async Task<CommittableOffset?> StepAsync(IReadOnlyList<CommittableMessage> batch)
    {
        var now = _clock.GetUtcNow();
        var outputs = new PartitionOutputs();
        var results = new List<TOutput>();
        var byEntity = new Dictionary<string, ImmutableArray<KeyedInput<TInput>>.Builder>(StringComparer.Ordinal);
        var sources = new Dictionary<long, (CommittableMessage Message, TInput Input, DateTimeOffset Watermark)>();

        foreach (var message in batch)
        {
            _lastCommittable = message.CommittableOffset;
            if (message.Offset <= _lastOffset) continue;
            _lastOffset = message.Offset;
            if (!_computation.TryParse(message, out var input, out var error))
            {
                outputs.DeadLetter(message, error, now);
                _metrics.DeadLetter(_partition.Topic);
                continue;
            }
            var watermark = _watermark.Current(now);
            _watermark = _watermark.Observe(_computation.TimeOf(input), now);
            foreach (var target in _computation.Targets)
            {
                var id = EntityKey(target.Name, target.KeyOf(input));
                if (!byEntity.TryGetValue(id, out var items)) byEntity[id] = items = ImmutableArray.CreateBuilder<KeyedInput<TInput>>();
                items.Add(new KeyedInput<TInput>(message.Offset, input, watermark));
            }
            sources[message.Offset] = (message, input, watermark);
        }
        _metrics.Consumed(_partition.Topic, batch.Count);

        var applied = await Task.WhenAll(byEntity.Select(async pair =>
        {
            var (target, key) = Decode(pair.Key);
            var command = new ApplyInputs<TInput>(key, _epoch, _touched.GetValueOrDefault(pair.Key, -1), pair.Value.ToImmutable(), _partitionId);
            return (Id: pair.Key, Items: command.Items, Reply: await target.Region.Ask<InputsApplied<TOutput>>(command, _engine.AskTimeout));
        }));
        var lateOffsets = new HashSet<long>();
        foreach (var (id, items, reply) in applied)
        {
            Ensure(reply.Status, id);
            _touched[id] = items[^1].Offset;
            SetTimer(id, reply.NextTimer);
            results.AddRange(reply.Outputs);
            foreach (var late in reply.Late)
            {
                // An input routed to several entities is late once.
                if (!lateOffsets.Add(late.Offset)) continue;
                var (message, input, watermark) = sources[late.Offset];
                outputs.Late(message, _computation.EventIdOf(input), _computation.TimeOf(input), watermark, late.Reason);
                _metrics.Late(_partition.Topic);
            }
        }

        var current = _watermark.Current(now);
        results.AddRange(await FireTimersAsync(current));
        foreach (var result in results) _computation.Emit(result, outputs);
        await outputs.PublishAsync(_producer);
        _metrics.Published(outputs.Count);
        _metrics.Watermark(_partitionId, current, now);
        await _computation.PublishedAsync(_partition.Partition.Value, results, current);

        if (now - _lastCheckpointAt < _engine.CheckpointInterval) return null;
        await CheckpointAsync(now);
        return _lastCommittable;
    }

    private async Task<IReadOnlyList<TOutput>> FireTimersAsync(DateTimeOffset watermark)
    {
        var due = _timers.PopDue(watermark).Select(t => t.Key).Distinct(StringComparer.Ordinal).ToList();
        if (due.Count == 0) return [];
        foreach (var id in due) _timerOf.Remove(id);
        var replies = await Task.WhenAll(due.Select(async id =>
        {
            var (target, key) = Decode(id);
            var command = new FireTimers(key, _epoch, _touched.GetValueOrDefault(id, -1), watermark, _partitionId);
            return (Id: id, Reply: await target.Region.Ask<TimersFired<TOutput>>(command, _engine.AskTimeout));
        }));
        var results = new List<TOutput>();
        foreach (var (id, reply) in replies)
        {
            Ensure(reply.Status, id);
            _touched.TryAdd(id, -1);
            SetTimer(id, reply.NextTimer);
            results.AddRange(reply.Outputs);
        }
        return results;
    }

    private async Task CheckpointAsync(DateTimeOffset now)
    {
        var replies = await Task.WhenAll(_touched.Keys.Select(async id =>
        {
            var (target, key) = Decode(id);
            return (Target: target, Key: key, Reply: await target.Region.Ask<EntityCheckpointed>(new CheckpointEntity(key, _epoch, _partitionId), _engine.AskTimeout));
        }));
        foreach (var (_, key, reply) in replies) Ensure(reply.Status, key);
        var changed = replies.Where(r => r.Reply.State is not null).ToList();
        _watermark = _watermark.AdvanceTo(now);
        var timers = _timers.Timers.Select(t => new TimerEntry(t.Key, t.Time)).ToImmutableArray();
        var checkpoint = new PartitionCheckpoint(_epoch, _lastOffset, _watermark.ToSnapshot(), timers);
        // The changed entities' states and the offset they reflect: one event, one database transaction.
        var saved = await _checkpoints.Ask<PartitionCheckpointSaved>(
            new SavePartitionCheckpoint(_partitionId, checkpoint, [.. changed.Select(r => r.Reply.State!)]), _engine.AskTimeout);
        if (saved.Fenced) throw new PartitionFailureException($"{_partitionId}: a newer processor owns the partition (epoch {_epoch} fenced)");
        foreach (var (target, key, reply) in changed) target.Region.Tell(new CheckpointConfirmed(key, _epoch, reply.State!.Stage));
        _metrics.Checkpointed(_partitionId, _lastOffset, _touched.Count);
        _checkpointOffset = _lastOffset;
        _touched.Clear();
        _lastCheckpointAt = now;
    }

    /// <summary>An entity's id within the partition (and its timer key in the checkpoint): target name, separator, key.</summary>
    private static string EntityKey(string target, string key) => target + TimerSeparator + key;

    /// <summary>A timer key of a checkpoint written before entity kinds were named (a bare key) gets the single kind's name.</summary>
    private string Normalize(string id)
    {
        var at = id.IndexOf(TimerSeparator, StringComparison.Ordinal);
        if (at >= 0 && _targets.ContainsKey(id[..at])) return id;
        return _computation.Targets.Count == 1 ? EntityKey(_computation.Targets[0].Name, id) : id;
    }

    private (EntityTarget<TInput> Target, string Key) Decode(string id)
    {
        var at = id.IndexOf(TimerSeparator, StringComparison.Ordinal);
        if (at < 0 || !_targets.TryGetValue(id[..at], out var target))
            throw new PartitionFailureException($"{_partitionId}: timer key '{id}' names no entity kind of {_computation.Topic}");
        return (target, id[(at + 1)..]);
    }

    private void SetTimer(string id, DateTimeOffset? time)
    {
        if (_timerOf.TryGetValue(id, out var current))
        {
            if (current == time) return;
            _timers.Delete(id, current);
            _timerOf.Remove(id);
        }
        if (time is { } t)
        {
            _timers.Register(id, t);
            _timerOf[id] = t;
        }
    }

    private void Ensure(EntityStatus status, string id)
    {
        if (status != EntityStatus.Ok)
            throw new PartitionFailureException($"{_partitionId}: entity {id} answered {status}; restarting from checkpoint at offset {_checkpointOffset}");
    }
}
