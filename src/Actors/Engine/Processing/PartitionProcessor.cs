using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Streaming.Analytics.Keyed;
using Streaming.Engine.Entities;
using Streaming.Engine.State;
using Streaming.Streams.Broker;
using Streaming.Streams.EventTime;

namespace Streaming.Engine.Processing;

/// <summary>
/// Drives one input partition of an analytic, one step at a time: parse, advance the watermark (lateness is judged
/// against the watermark at each input's arrival), have the keyed entities apply their inputs in offset order, fire due
/// timers, stamp results with a wall-clock field durably, publish (the next step's entity round overlaps the acks),
/// and — every checkpoint interval, once the acks are in — store the partition's checkpoint with the state of every
/// key it touched since the last one, in one transaction (Flink's asynchronous snapshot: the write runs while the next
/// steps do; at most one is in flight). The committable of the last record a checkpoint covers is returned once the
/// checkpoint landed; the entities learn then that their states are stored.
/// </summary>
public sealed class PartitionProcessor<TInput, TOutput> : IPartitionProcessor
    where TInput : notnull
{
    // A probe of where a shard is: its answer takes a round trip (across nodes while the shard is elsewhere).
    private static readonly TimeSpan ShardProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ShardProbeInterval = TimeSpan.FromMilliseconds(100);
    private readonly Analytic<TInput, TOutput> _analytic;
    private readonly IReadOnlyList<KeyedFunction<TInput, TOutput>> _functions;
    private readonly string _topic;
    private readonly int _partition;
    private readonly string _partitionId;
    private readonly IEntityDispatcher _entities;
    private readonly ICombinerFeed<TOutput>? _combiner;
    private readonly ProcessorServices _services;
    private readonly EngineOptions _engine;
    private readonly EngineMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly WatermarkOptions _watermarkOptions;
    private readonly PartitionTimers _timers;
    private readonly Dictionary<EntityRef, long> _touched = [];
    // The keys the checkpoint in flight covers, with their last offsets: until it lands, an instance of one of them that
    // read the store (it started elsewhere while its shard moved) has an older state than this, and must say so.
    private Dictionary<EntityRef, long> _landing = [];
    // Keys that remembered published results (told while the next step runs): the next checkpoint stores them.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<EntityRef, bool> _remembered = new();
    private readonly Dictionary<string, ResultStamp> _stamps = new(StringComparer.Ordinal);
    private readonly LiveEntities _live;
    private PartitionWatermark _watermark;
    private long _epoch;
    private long _lastOffset = -1;
    private long _checkpointOffset = -1;
    private object? _lastCommittable;
    private CheckpointSchedule _schedule;
    private CheckpointInFlight? _inFlight;
    private StreamIdentity? _stream;
    private bool _started;
    // The acknowledgements of the last step's records (see PublishAsync).
    private Task _publishing = Task.CompletedTask;

    public PartitionProcessor(Analytic<TInput, TOutput> analytic, int partition, IEntityDispatcher entities, ICombinerFeed<TOutput>? combiner, ProcessorServices services)
    {
        _analytic = analytic;
        _functions = analytic.Functions;
        _topic = analytic.InputTopic;
        _partition = partition;
        _partitionId = PartitionIds.Of(_topic, partition);
        _entities = entities;
        _combiner = combiner;
        _services = services;
        _engine = services.Engine;
        _metrics = services.Metrics;
        _clock = services.Clock;
        _log = services.Logger;
        _watermarkOptions = services.EventTime.Watermark;
        _watermark = PartitionWatermark.Start(_clock.GetUtcNow(), _watermarkOptions);
        _schedule = CheckpointSchedule.Opened(_engine.CheckpointInterval, _engine.MaxBatch, _clock.GetUtcNow());
        _live = new LiveEntities(_engine.LiveEntitiesPerPartition);
        _timers = new PartitionTimers(async (after, limit) =>
        {
            var rows = await services.Backend.Store.TimersAsync(_partitionId, after is { } c ? new TimerRow(c.Entity.Kind, c.Entity.Key, c.Due) : null, limit);
            return [.. rows.Select(r => (new EntityRef(r.Kind, r.Key), r.Due))];
        }, _engine.TimersInMemory);
    }

    public string PartitionId => _partitionId;

    /// <summary>
    /// Decides how to take over the partition (<see cref="ResumePlanner"/>): while its stored state cannot be applied to
    /// the log under the configured policy, the partition is held — checked again every <c>HeldRecheck</c> (an operator
    /// may reset it meanwhile) until <paramref name="released"/> completes, then null. Otherwise it opens the partition
    /// (a new epoch; fresh state when the stored one belongs to another stream) and returns the offset to read from.
    /// </summary>
    public async Task<long?> StartAsync(Task released)
    {
        await AwaitShardsAsync(released);
        var logged = false;
        while (true)
        {
            var plan = await PlanAsync();
            if (!plan.Held)
            {
                if (logged) _metrics.Released(_partitionId);
                return await OpenAsync(plan);
            }
            if (!logged)
            {
                _log.LogError("{Message}", plan.Message);
                _metrics.Held(_partitionId, plan.Unprocessable);
                logged = true;
            }
            if (await Task.WhenAny(released, Task.Delay(_engine.HeldRecheck)) == released) return null;
        }
    }

    /// <summary>
    /// Waits until the partition's shards (one per kind) are on this node. The previous owner drained the partition and
    /// sharding moves the shards here once it learns the new home; processing before that would have entities on the
    /// old node apply this processor's inputs, and their hand-off mid-stream would lose unstored changes (a replay).
    /// </summary>
    private async Task AwaitShardsAsync(Task released)
    {
        var started = _clock.GetUtcNow();
        var waited = false;
        foreach (var kind in _functions.Select(f => f.Kind).Distinct(StringComparer.Ordinal))
        {
            while (!await _entities.HostedHereAsync(kind, _partition, _partitionId, ShardProbeTimeout))
            {
                waited = true;
                if (released.IsCompleted) return;
                if (_clock.GetUtcNow() - started >= _engine.HandOverTimeout)
                {
                    _log.LogWarning("{Partition}: its {Kind} shard is not on this node after {Timeout}; processing with the entities where they are (their replies cross nodes)",
                        _partitionId, kind, _engine.HandOverTimeout);
                    return;
                }
                await Task.WhenAny(released, Task.Delay(ShardProbeInterval));
            }
        }
        if (waited)
            _log.LogInformation("{Partition}: its shards arrived on this node after {Milliseconds} ms", _partitionId, (long)(_clock.GetUtcNow() - started).TotalMilliseconds);
    }

    private async Task<ResumePlan> PlanAsync()
    {
        var stored = await _services.Backend.Store.ReadAsync(_partitionId);
        var found = await _services.Streams.IdentityAsync(_topic);
        var log = await _services.Streams.RangeAsync(new Confluent.Kafka.TopicPartition(_topic, _partition));
        var policy = _engine.LostRecordsPolicy(_services.EmbeddedBroker);
        _stream = found;
        var reset = $"streaming-ctl state reset --topic {_topic} --partition {_partition}";
        return ResumePlanner.Plan(_partitionId, stored.Stream, stored.Offset, found, log, _services.EmbeddedBroker, policy, reset);
    }

    /// <summary>Takes over the partition: a new epoch, and the last checkpoint's offset, watermark, stamps and the first timers.</summary>
    private async Task<long> OpenAsync(ResumePlan plan)
    {
        var fresh = plan.Kind == ResumeKind.Fresh;
        var opened = await _services.Backend.Store.OpenAsync(_partitionId, _services.NodeAddress, fresh);
        _services.Backend.Own(_partitionId);
        if (plan.Message is { } message) _log.LogWarning("{Message}", message);
        if (plan.Unprocessable > 0) _metrics.Unprocessable(_topic, _partition, plan.Unprocessable);
        var checkpoint = opened.Partition;
        var now = _clock.GetUtcNow();
        _started = true;
        _epoch = checkpoint.Epoch;
        _checkpointOffset = checkpoint.Offset;
        // Records before the start are either reflected by the state or gone: the first checkpoint covers up to the start.
        _lastOffset = Math.Max(checkpoint.Offset, plan.StartOffset - 1);
        _watermark = checkpoint.Watermark is { } snapshot
            ? PartitionWatermark.Restore(snapshot, _watermarkOptions, now)
            : PartitionWatermark.Start(now, _watermarkOptions);
        _stamps.Clear();
        foreach (var stamp in opened.Stamps) _stamps[stamp.ResultId] = stamp;
        _touched.Clear();
        _landing = [];
        await _timers.OpenAsync();
        _schedule = CheckpointSchedule.Opened(_engine.CheckpointInterval, _engine.MaxBatch, now);
        _metrics.PartitionStarted(_partitionId, _epoch, _checkpointOffset);
        return plan.StartOffset;
    }

    public async Task<object?> StepAsync(IReadOnlyList<ConsumedRecord> batch)
    {
        var now = _clock.GetUtcNow();
        var outputs = new PartitionOutputs();
        var results = new List<TOutput>();
        var byEntity = new Dictionary<EntityRef, ImmutableArray<KeyedInput<TInput>>.Builder>();
        // In offset order, so the inputs an entity judged late or poison are found by binary search.
        var sources = new List<(ConsumedRecord Source, TInput Input, DateTimeOffset Watermark)>(batch.Count);

        foreach (var consumed in batch)
        {
            _lastCommittable = consumed.Committable;
            var offset = consumed.Record.Offset;
            if (offset <= _lastOffset) continue;
            _lastOffset = offset;
            if (!_analytic.TryParse(consumed.Record, out var input, out var error))
            {
                outputs.DeadLetter(consumed, error, now);
                _metrics.DeadLetter(_topic);
                continue;
            }
            var watermark = _watermark.Current(now);
            _watermark = _watermark.Observe(_analytic.TimeOf(input), now);
            foreach (var function in _functions)
            {
                var entity = new EntityRef(function.Kind, function.KeyOf(input));
                if (!byEntity.TryGetValue(entity, out var items)) byEntity[entity] = items = ImmutableArray.CreateBuilder<KeyedInput<TInput>>(1);
                items.Add(new KeyedInput<TInput>(offset, input, watermark));
            }
            sources.Add((consumed, input, watermark));
        }
        _metrics.Consumed(_topic, batch.Count);

        var applied = await RoundAsync<InputsApplied<TOutput>>(byEntity.Select(pair =>
            (pair.Key, (IEntityMessage)new ApplyInputs<TInput>(pair.Key.Key, _partition, _partitionId, _epoch, Assumed(pair.Key), pair.Value.ToImmutable()))));
        // Late and poison inputs go out in offset order, once each (an input routed to several keys is judged by each).
        var verdicts = new SortedDictionary<long, (bool Poison, string Reason)>();
        foreach (var (entity, reply) in applied)
        {
            Ensure(reply.Status, entity);
            Touch(entity, byEntity[entity][^1].Offset);
            _timers.Set(entity, reply.NextTimer);
            results.AddRange(reply.Outputs);
            foreach (var poison in reply.Poison) verdicts.TryAdd(poison.Offset, (true, poison.Reason));
            foreach (var late in reply.Late) verdicts.TryAdd(late.Offset, (false, late.Reason));
        }
        foreach (var (offset, (poison, reason)) in verdicts)
        {
            var (source, input, watermark) = sources[SourceIndex(sources, offset)];
            if (poison)
            {
                outputs.DeadLetter(source, reason, now);
                _metrics.DeadLetter(_topic);
            }
            else
            {
                outputs.Late(source, _analytic.EventIdOf(input), _analytic.TimeOf(input), watermark, reason);
                _metrics.Late(_topic);
            }
        }

        var current = _watermark.Current(now);
        results.AddRange(await FireTimersAsync(current));
        var stamped = await StampAsync(results, now);
        foreach (var result in stamped)
        {
            outputs.Result(_analytic.Emit(result));
            if (_analytic.Metric is { } metric) _metrics.Result(metric, _analytic.LabelOf(result));
        }
        _metrics.Watermark(_partitionId, current, now);
        await _publishing;
        var (holdsBackTo, holding) = CombinerProgress(current, now);
        _publishing = PublishAsync(outputs, stamped, holdsBackTo, holding);

        var committable = _inFlight is { Saved.IsCompleted: true } ? await LandedAsync() : null;
        (var due, _schedule) = _schedule.AfterStep(batch.Count, now);
        if (!due) return committable;
        // A checkpoint covers only what Kafka acknowledged.
        await _publishing;
        if (_inFlight is not null) committable = await LandedAsync() ?? committable;
        await BeginCheckpointAsync(now);
        return committable;
    }

    /// <summary>
    /// How far this partition holds a combiner back. An active partition holds it at its watermark. An idle one is
    /// left out of the combined minimum (Flink's idleness) — but it still owes the results of its pending timers
    /// (windows it has yet to close by its own watermark), so it holds the combiner just before the earliest of them,
    /// and only with none pending does it hold nothing back. A partition that has seen no event holds nothing back.
    /// </summary>
    private (DateTimeOffset Watermark, bool Holding) CombinerProgress(DateTimeOffset current, DateTimeOffset now)
    {
        if (_watermark.IsActive(now)) return (current, true);
        if (!_watermark.HasEvents) return (current, false);
        return _timers.EarliestDue(ifUnknown: current + TimeSpan.FromTicks(1)) is { } due
            ? (TimeArithmetic.Max(current, due - TimeSpan.FromTicks(1)), true)
            : (current, false);
    }

    /// <summary>
    /// Results with a wall-clock field get the stamp their id got first — from an earlier run when this is a replay —
    /// and new stamps are made durable before the results are published, so a result id never goes out with two contents.
    /// </summary>
    private async Task<List<TOutput>> StampAsync(List<TOutput> results, DateTimeOffset now)
    {
        List<ResultStamp>? fresh = null;
        for (var i = 0; i < results.Count; i++)
        {
            if (_analytic.StampIdOf(results[i]) is not { } id) continue;
            if (_stamps.TryGetValue(id, out var earlier))
            {
                results[i] = _analytic.WithStamp(results[i], earlier.At);
                continue;
            }
            var stamp = new ResultStamp(id, _analytic.StampOf(results[i]), _lastOffset);
            _stamps[id] = stamp;
            (fresh ??= []).Add(stamp);
        }
        if (fresh is not null) await _services.Backend.Store.SaveStampsAsync(_partitionId, [.. fresh]);
        return results;
    }

    /// <summary>
    /// Hands a step's records to the sink at once (so they keep the steps' order) and completes when they are
    /// acknowledged; then hands the published results to the combiner and to the keys that remember them. The next
    /// step awaits it only before it publishes, so its entity round overlaps these acknowledgements.
    /// </summary>
    private async Task PublishAsync(PartitionOutputs outputs, List<TOutput> results, DateTimeOffset watermark, bool active)
    {
        await _services.Sink.PublishAsync(outputs.Records);
        _metrics.Published(outputs.Count);
        if (_combiner is not null) await _combiner.ContributeAsync(_partition, results, watermark, active);
        foreach (var group in results.Select(r => (Result: r, By: _analytic.RememberedBy(r))).Where(r => r.By is not null).GroupBy(r => r.By!.Value))
        {
            var (kind, key) = group.Key;
            _entities.Tell(kind, new RememberResults<TOutput>(key, _partition, _partitionId, [.. group.Select(r => r.Result)]));
            // The remembered results change the key's state: the next checkpoint stores it.
            _remembered[new EntityRef(kind, key)] = true;
        }
    }

    public async Task<object?> DrainAsync()
    {
        if (!_started) return null;
        _started = false;
        try
        {
            await _publishing;
            var committable = _inFlight is not null ? await LandedAsync() : null;
            await BeginCheckpointAsync(_clock.GetUtcNow());
            committable = await LandedAsync() ?? committable;
            await _services.Backend.Store.CloseAsync(_partitionId, _epoch);
            _log.LogInformation("{Partition}: drained at offset {Offset}", _partitionId, _checkpointOffset);
            return committable;
        }
        catch (Exception e) when (e is PartitionFailureException or TimeoutException or Confluent.Kafka.KafkaException or System.Data.Common.DbException)
        {
            _log.LogWarning("{Partition}: the final checkpoint did not land ({Reason}); the next owner resumes from the one before", _partitionId, e.Message);
            return null;
        }
    }

    public void Dispose()
    {
        // Only the processor that started the partition's entry removes it (a newer one may already have replaced it).
        if (_epoch > 0)
        {
            _metrics.PartitionStopped(_partitionId, _epoch);
            _services.Backend.Release(_partitionId);
        }
        _entities.Dispose();
    }

    private async Task<IReadOnlyList<TOutput>> FireTimersAsync(DateTimeOffset watermark)
    {
        // Loading further timers reads the backend as of the last checkpoint: one in flight must land first.
        if (_inFlight is not null && !_inFlight.Saved.IsCompleted && _timers.InMemory == 0) await LandedAsync();
        var due = await _timers.PopDueAsync(watermark);
        if (due.Count == 0) return [];
        var replies = await RoundAsync<TimersFired<TOutput>>(due.Select(entity =>
            (entity, (IEntityMessage)new FireTimers(entity.Key, _partition, _partitionId, _epoch, Assumed(entity), watermark))));
        var results = new List<TOutput>();
        foreach (var (entity, reply) in replies)
        {
            Ensure(reply.Status, entity);
            _touched.TryAdd(entity, -1);
            _live.Touched(entity);
            _timers.Set(entity, reply.NextTimer);
            results.AddRange(reply.Outputs);
        }
        return results;
    }

    /// <summary>Collects the states of the keys touched since the last checkpoint and starts writing them, without waiting for the write.</summary>
    private async Task BeginCheckpointAsync(DateTimeOffset now)
    {
        foreach (var entity in _remembered.Keys)
        {
            _remembered.TryRemove(entity, out _);
            _touched.TryAdd(entity, -1);
        }
        List<EntityRef> touched = [.. _touched.Keys];
        var replies = await RoundAsync<EntityCheckpointed>(touched.Select(entity =>
            (entity, (IEntityMessage)new CheckpointEntity(entity.Key, _partition, _partitionId, _epoch))));
        foreach (var (entity, reply) in replies) Ensure(reply.Status, entity);
        var changed = replies.Where(r => r.Reply.Snapshot is not null).ToList();
        _watermark = _watermark.AdvanceTo(now);
        var timers = _timers.BeginCheckpoint();
        var write = new CheckpointWrite(_partitionId, _epoch, _lastOffset, _watermark.ToSnapshot(), _stream,
            [.. changed.Select(c => new StateChange(c.Entity.Kind, c.Entity.Key, c.Reply.Snapshot!.State))],
            [.. timers.Select(t => new TimerChange(t.Entity.Kind, t.Entity.Key, t.Due))]);
        var saved = _services.Backend.CommitAsync(write);
        _landing = new Dictionary<EntityRef, long>(_touched);
        _inFlight = new CheckpointInFlight(saved, [.. changed.Select(c => (c.Entity, c.Reply.Snapshot!.Stage, c.Reply.AppliedOffset, c.Reply.Snapshot!.State is null))],
            _lastOffset, touched.Count, _lastCommittable);
        _touched.Clear();
        _schedule = _schedule.Checkpointed(now);
    }

    /// <summary>Awaits the checkpoint in flight; once stored, its keys learn so, entities beyond the live limit leave, and its committable is returned.</summary>
    private async Task<object?> LandedAsync()
    {
        var (task, changed, offset, touched, committable) = _inFlight!;
        _inFlight = null;
        bool written;
        try
        {
            written = await task;
        }
        catch
        {
            _timers.Failed();
            // Counted for alerting (docs/operations.md): the partition restarts from its previous checkpoint, so a
            // store that keeps failing shows only as restarts and a growing lag otherwise.
            _metrics.CheckpointFailed(_partitionId);
            throw;
        }
        if (!written)
        {
            _timers.Failed();
            throw new PartitionFailureException($"{_partitionId}: a newer processor owns the partition (epoch {_epoch} fenced)");
        }
        _timers.Landed();
        _landing = [];
        foreach (var (entity, stage, applied, deleted) in changed)
            _entities.Tell(entity.Kind, new CheckpointConfirmed(entity.Key, _partition, _partitionId, _epoch, stage, applied, deleted));
        foreach (var evicted in _live.Evictable(_touched)) _entities.Tell(evicted.Kind, new EvictEntity(evicted.Key, _partition, _partitionId));
        // Stamps of results before the checkpoint are gone from the backend with it: no replay re-creates those results.
        foreach (var id in _stamps.Where(s => s.Value.Offset <= offset).Select(s => s.Key).ToList()) _stamps.Remove(id);
        _metrics.Checkpointed(_partitionId, offset, touched);
        _checkpointOffset = offset;
        return committable;
    }

    private sealed record CheckpointInFlight(Task<bool> Saved, List<(EntityRef Entity, long Stage, long Applied, bool Deleted)> Changed, long Offset, int Touched,
        object? Committable);

    /// <summary>The offset a key's state must reflect at least: what this processor applied to it and has not seen stored.</summary>
    private long Assumed(EntityRef entity) => Math.Max(_touched.GetValueOrDefault(entity, -1), _landing.GetValueOrDefault(entity, -1));

    private void Touch(EntityRef entity, long offset)
    {
        _touched[entity] = offset;
        _live.Touched(entity);
    }

    private async Task<List<(EntityRef Entity, TReply Reply)>> RoundAsync<TReply>(IEnumerable<(EntityRef Entity, IEntityMessage Command)> commands)
        where TReply : IEntityReply
    {
        var list = commands.ToList();
        var replies = await _entities.RoundAsync<TReply>([.. list.Select(c => (c.Entity.Kind, c.Command))]);
        return [.. list.Select((c, i) => (c.Entity, replies[i]))];
    }

    private static int SourceIndex(List<(ConsumedRecord Source, TInput Input, DateTimeOffset Watermark)> sources, long offset)
    {
        var (low, high) = (0, sources.Count - 1);
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var at = sources[middle].Source.Record.Offset;
            if (at == offset) return middle;
            if (at < offset) low = middle + 1;
            else high = middle - 1;
        }
        throw new PartitionFailureException($"An entity reported offset {offset}, which this step did not send");
    }

    private void Ensure(EntityStatus status, EntityRef entity)
    {
        if (status != EntityStatus.Ok)
            throw new PartitionFailureException($"{_partitionId}: {entity.Kind} {entity.Key} answered {status}; restarting from the checkpoint at offset {_checkpointOffset}");
    }
}
