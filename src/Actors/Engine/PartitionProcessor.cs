using System.Collections.Immutable;
using Akka.Actor;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streaming.Actors.Entities;
using Streaming.Streams.Broker;
using Streaming.Streams.EventTime;
using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>
/// Drives one input partition of a <see cref="IKeyedComputation{TInput, TOutput}"/>, one step at a
/// time: parse, advance the watermark, have the keyed entities apply their inputs (in offset order),
/// fire due timers, publish what they produced (the next step's entity round overlaps the acks), and —
/// every checkpoint interval, once the acks are in — store the partition checkpoint with the state
/// of every entity it touched (one event), then hand the offset to the committer. Each step waits
/// for the previous one, so a checkpoint captures exactly the state at its offset, and everything
/// published before it is acknowledged. The checkpoint is written while the next steps run (Flink's
/// asynchronous snapshot phase): the entities hand over their states at once, and the offset goes to
/// the committer, and the entities learn that their states are stored, when the write has landed; at
/// most one write is in flight.
/// </summary>
public sealed class PartitionProcessor<TInput, TOutput> : IPartitionProcessor
    where TInput : notnull
{
    private const char TimerSeparator = '/';
    private static readonly IComparer<EntityRef> EntityOrder = Comparer<EntityRef>.Create((x, y) =>
        x.Target != y.Target ? x.Target.CompareTo(y.Target) : string.CompareOrdinal(x.Key, y.Key));
    private readonly IKeyedComputation<TInput, TOutput> _computation;
    private readonly ProcessorServices _services;
    private readonly ILogger _log;
    private readonly TopicPartition _partition;
    private readonly string _partitionId;
    private readonly IActorRef _checkpoints;
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly EngineOptions _engine;
    private readonly WatermarkOptions _watermarkOptions;
    private readonly TimeProvider _clock;
    private readonly EngineMetrics _metrics;
    private readonly IReadOnlyList<EntityTarget<TInput>> _targets;
    private readonly ReplyInbox[] _inboxes;
    private readonly Dictionary<EntityRef, long> _touched = [];
    private readonly Dictionary<EntityRef, DateTimeOffset> _timerOf = [];
    // Timers set, moved or gone since the last checkpoint (null: gone): a checkpoint stores only these.
    private readonly Dictionary<EntityRef, DateTimeOffset?> _timerChanges = [];
    private TimerService<EntityRef> _timers = new(EntityOrder);
    private PartitionWatermark _watermark;
    private long _epoch;
    private long _lastOffset = -1;
    private long _checkpointOffset = -1;
    private CommittableOffset? _lastCommittable;
    private CheckpointSchedule _schedule;
    private CheckpointInFlight? _inFlight;
    private StreamIdentity? _stream;
    private bool _started;
    // The acknowledgements of the last step's records (see PublishAsync).
    private Task _publishing = Task.CompletedTask;

    public PartitionProcessor(IKeyedComputation<TInput, TOutput> computation, TopicPartition partition, ProcessorServices services)
    {
        _computation = computation;
        _services = services;
        _log = services.Logger;
        _partition = partition;
        _partitionId = PartitionIds.Of(partition.Topic, partition.Partition.Value);
        _checkpoints = services.Checkpoints;
        _producer = services.Producer;
        _engine = services.Engine;
        _watermarkOptions = new WatermarkOptions(services.Analytics.OutOfOrderness, services.Analytics.IdleAfter);
        _metrics = services.Metrics;
        _clock = services.Clock;
        _targets = computation.Targets;
        _inboxes = [.. _targets.Select(_ => new ReplyInbox(services.System))];
        _watermark = PartitionWatermark.Start(_clock.GetUtcNow(), _watermarkOptions);
        _schedule = CheckpointSchedule.Opened(_engine.CheckpointInterval, _engine.MaxBatch, _clock.GetUtcNow());
    }

    public string PartitionId => _partitionId;

    /// <summary>
    /// Decides how to take over the partition (<see cref="ResumePlanner"/>): while its stored state cannot be applied
    /// to the log under the configured policy, the partition is held — checked again every <c>HeldRecheck</c> (an
    /// operator may reset its state meanwhile) until <paramref name="released"/> completes, then null. Otherwise it
    /// opens the partition (a new epoch; a fresh state when the stored one belongs to another stream) and returns
    /// the offset to read from.
    /// </summary>
    public async Task<Offset?> StartAsync(Task released)
    {
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

    private async Task<ResumePlan> PlanAsync()
    {
        var view = await _checkpoints.Ask<PartitionCheckpointView>(new GetPartitionCheckpoint(_partitionId), _engine.AskTimeout);
        var found = await _services.Streams.IdentityAsync(_partition.Topic);
        var log = await _services.Streams.RangeAsync(_partition);
        var embedded = _services.EmbeddedBroker;
        var policy = _engine.LostRecordsPolicy(embedded);
        _stream = found;
        var reset = $"streaming-ctl state reset --topic {_partition.Topic} --partition {_partition.Partition.Value}";
        return ResumePlanner.Plan(_partitionId, view.Checkpoint.Stream, view.Checkpoint.Offset, found, log, embedded, policy, reset);
    }

    /// <summary>Takes over the partition: a new epoch, and the last checkpoint's offset, watermark and timers.</summary>
    private async Task<Offset> OpenAsync(ResumePlan plan)
    {
        var fresh = plan.Kind == ResumeKind.Fresh;
        var opened = await _checkpoints.Ask<PartitionOpened>(new OpenPartition(_partitionId, _services.NodeAddress, fresh), _engine.AskTimeout);
        if (plan.Message is { } message) _log.LogWarning("{Message}", message);
        if (plan.Unprocessable > 0) _metrics.Unprocessable(_partition.Topic, _partition.Partition.Value, plan.Unprocessable);
        var checkpoint = opened.Checkpoint;
        var now = _clock.GetUtcNow();
        _started = true;
        _epoch = checkpoint.Epoch;
        _checkpointOffset = checkpoint.Offset;
        // Records before the start are either reflected by the state or gone: the first checkpoint covers up to the start.
        _lastOffset = Math.Max(checkpoint.Offset, plan.StartOffset - 1);
        _watermark = checkpoint.Watermark is { } snapshot
            ? PartitionWatermark.Restore(snapshot, _watermarkOptions, now)
            : PartitionWatermark.Start(now, _watermarkOptions);
        var timers = checkpoint.Timers.Select(t => new EventTimer<EntityRef>(Parse(t.Key), t.Time)).ToList();
        _timers = new TimerService<EntityRef>(timers, EntityOrder);
        _timerOf.Clear();
        _timerChanges.Clear();
        foreach (var t in timers) _timerOf[t.Key] = t.Time;
        _schedule = CheckpointSchedule.Opened(_engine.CheckpointInterval, _engine.MaxBatch, now);
        _metrics.PartitionStarted(_partitionId, _epoch, _checkpointOffset);
        return new Offset(plan.StartOffset);
    }

    /// <summary>
    /// The partition stops being processed here (a graceful stop, or it was revoked): the step in progress is done by
    /// now, so the last checkpoint covers everything processed, and a restart replays nothing. Returns its offset to
    /// commit. A newer processor that took the partition meanwhile fences the checkpoint; nothing is lost then either.
    /// </summary>
    public async Task<CommittableOffset?> DrainAsync()
    {
        if (!_started) return null;
        _started = false;
        try
        {
            await _publishing;
            var committable = _inFlight is not null ? await LandedAsync() : null;
            await BeginCheckpointAsync(_clock.GetUtcNow());
            committable = await LandedAsync() ?? committable;
            _checkpoints.Tell(new ClosePartition(_partitionId, _epoch));
            _log.LogInformation("{Partition}: drained at offset {Offset}", _partitionId, _checkpointOffset);
            return committable;
        }
        catch (Exception e) when (e is PartitionFailureException or AskTimeoutException or KafkaException)
        {
            _log.LogWarning("{Partition}: the final checkpoint did not land ({Reason}); the next owner resumes from the one before", _partitionId, e.Message);
            return null;
        }
    }

    /// <summary>One step over a batch (empty on a clock tick); returns an offset to commit after a checkpoint.</summary>
    public async Task<CommittableOffset?> StepAsync(IReadOnlyList<CommittableMessage> batch)
    {
        var now = _clock.GetUtcNow();
        var outputs = new PartitionOutputs();
        var results = new List<TOutput>();
        var byEntity = new Dictionary<EntityRef, ImmutableArray<KeyedInput<TInput>>.Builder>();
        // In offset order, so the inputs that turn out late are found by binary search.
        var sources = new List<(CommittableMessage Message, TInput Input, DateTimeOffset Watermark)>(batch.Count);

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
            for (var t = 0; t < _targets.Count; t++)
            {
                var entity = new EntityRef(t, _targets[t].KeyOf(input));
                if (!byEntity.TryGetValue(entity, out var items)) byEntity[entity] = items = ImmutableArray.CreateBuilder<KeyedInput<TInput>>(1);
                items.Add(new KeyedInput<TInput>(message.Offset, input, watermark));
            }
            sources.Add((message, input, watermark));
        }
        _metrics.Consumed(_partition.Topic, batch.Count);

        var applied = await RoundAsync<InputsApplied<TOutput>>(byEntity.Select(pair =>
            (pair.Key, (object)new ApplyInputs<TInput>(pair.Key.Key, _epoch, _touched.GetValueOrDefault(pair.Key, -1), pair.Value.ToImmutable(), _partitionId))));
        var lateOffsets = new HashSet<long>();
        foreach (var (entity, reply) in applied)
        {
            Ensure(reply.Status, entity);
            _touched[entity] = byEntity[entity][^1].Offset;
            SetTimer(entity, reply.NextTimer);
            results.AddRange(reply.Outputs);
            foreach (var late in reply.Late)
            {
                // An input routed to several entities is late once.
                if (!lateOffsets.Add(late.Offset)) continue;
                var (message, input, watermark) = sources[SourceIndex(sources, late.Offset)];
                outputs.Late(message, _computation.EventIdOf(input), _computation.TimeOf(input), watermark, late.Reason);
                _metrics.Late(_partition.Topic);
            }
        }

        var current = _watermark.Current(now);
        results.AddRange(await FireTimersAsync(current));
        foreach (var result in results) _computation.Emit(result, outputs);
        _metrics.Watermark(_partitionId, current, now);
        await _publishing;
        _publishing = PublishAsync(outputs, results, current);

        var committable = _inFlight is { Saved.IsCompleted: true } ? await LandedAsync() : null;
        (var due, _schedule) = _schedule.AfterStep(batch.Count, now);
        if (!due) return committable;
        // A checkpoint covers only what Kafka acknowledged.
        await _publishing;
        if (_inFlight is not null) committable = await LandedAsync();
        await BeginCheckpointAsync(now);
        return committable;
    }

    /// <summary>
    /// Hands a step's records to the producer at once (so they keep the steps' order) and completes when
    /// Kafka acknowledged them. The next step awaits it only before it publishes, so its entity round
    /// overlaps these acknowledgements instead of waiting for them.
    /// </summary>
    private async Task PublishAsync(PartitionOutputs outputs, List<TOutput> results, DateTimeOffset watermark)
    {
        await outputs.PublishAsync(_producer);
        _metrics.Published(outputs.Count);
        await _computation.PublishedAsync(_partition.Partition.Value, results, watermark, _watermark.IsActive(_clock.GetUtcNow()));
    }

    public void Dispose()
    {
        foreach (var inbox in _inboxes) inbox.Dispose();
    }

    private async Task<IReadOnlyList<TOutput>> FireTimersAsync(DateTimeOffset watermark)
    {
        var due = _timers.PopDue(watermark).Select(t => t.Key).Distinct().ToList();
        if (due.Count == 0) return [];
        foreach (var entity in due) Forget(entity);
        var replies = await RoundAsync<TimersFired<TOutput>>(due.Select(entity =>
            (entity, (object)new FireTimers(entity.Key, _epoch, _touched.GetValueOrDefault(entity, -1), watermark, _partitionId))));
        var results = new List<TOutput>();
        foreach (var (entity, reply) in replies)
        {
            Ensure(reply.Status, entity);
            _touched.TryAdd(entity, -1);
            SetTimer(entity, reply.NextTimer);
            results.AddRange(reply.Outputs);
        }
        return results;
    }

    /// <summary>Collects the states of the entities touched since the last checkpoint and sends them to be stored, without waiting for the write.</summary>
    private async Task BeginCheckpointAsync(DateTimeOffset now)
    {
        var replies = await RoundAsync<EntityCheckpointed>(_touched.Keys.Select(entity =>
            (entity, (object)new CheckpointEntity(entity.Key, _epoch, _partitionId))));
        foreach (var (entity, reply) in replies) Ensure(reply.Status, entity);
        var changed = replies.Where(r => r.Reply.State is not null).Select(r => (r.Entity, r.Reply.State!.Stage)).ToList();
        _watermark = _watermark.AdvanceTo(now);
        var timers = _timerChanges.Select(t => new TimerChange(IdOf(t.Key), t.Value)).ToImmutableArray();
        var checkpoint = new PartitionCheckpoint(_epoch, _lastOffset, _watermark.ToSnapshot(), [], _stream);
        // The changed entities' states and timers and the offset they reflect: one event, one database transaction.
        var saved = _checkpoints.Ask<PartitionCheckpointSaved>(
            new SavePartitionCheckpoint(_partitionId, checkpoint, [.. replies.Select(r => r.Reply.State).OfType<StagedState>()], timers), _engine.AskTimeout);
        _inFlight = new CheckpointInFlight(saved, changed, _lastOffset, _touched.Count, _lastCommittable);
        _touched.Clear();
        _timerChanges.Clear();
        _schedule = _schedule.Checkpointed(now);
    }

    /// <summary>Awaits the checkpoint in flight; once stored, its entities learn so and its offset may be committed.</summary>
    private async Task<CommittableOffset?> LandedAsync()
    {
        var (task, changed, offset, touched, committable) = _inFlight!;
        _inFlight = null;
        var saved = await task;
        if (saved.Fenced) throw new PartitionFailureException($"{_partitionId}: a newer processor owns the partition (epoch {_epoch} fenced)");
        foreach (var (entity, stage) in changed) _targets[entity.Target].Region.Tell(new CheckpointConfirmed(entity.Key, _epoch, stage));
        _metrics.Checkpointed(_partitionId, offset, touched);
        _checkpointOffset = offset;
        return committable;
    }

    private sealed record CheckpointInFlight(Task<PartitionCheckpointSaved> Saved, List<(EntityRef Entity, long Stage)> Changed, long Offset, int Touched,
        CommittableOffset? Committable);

    /// <summary>
    /// Sends each command to its entity and awaits every answer: one round per entity kind, answered
    /// into that kind's inbox (keys of different kinds may be equal). The answers come back in the
    /// commands' order, so a step's outputs do not depend on which entity answered first.
    /// </summary>
    private async Task<List<(EntityRef Entity, TReply Reply)>> RoundAsync<TReply>(IEnumerable<(EntityRef Entity, object Command)> commands)
        where TReply : IEntityReply
    {
        var order = new List<EntityRef>();
        var perTarget = new List<object>[_targets.Count];
        foreach (var (entity, command) in commands)
        {
            order.Add(entity);
            (perTarget[entity.Target] ??= []).Add(command);
        }
        var rounds = await Task.WhenAll(perTarget.Select((list, t) => list is null
            ? Task.FromResult<IReadOnlyList<TReply>>([])
            : _inboxes[t].RoundAsync<TReply>(_targets[t].Region, list, _engine.AskTimeout)));
        var answers = new Dictionary<EntityRef, TReply>(order.Count);
        for (var t = 0; t < rounds.Length; t++)
            foreach (var reply in rounds[t]) answers[new EntityRef(t, reply.EntityId)] = reply;
        return order.Select(entity => (entity, answers.TryGetValue(entity, out var reply)
            ? reply
            : throw new PartitionFailureException($"{_partitionId}: no answer from entity {IdOf(entity)}"))).ToList();
    }

    private static int SourceIndex(List<(CommittableMessage Message, TInput Input, DateTimeOffset Watermark)> sources, long offset)
    {
        var (low, high) = (0, sources.Count - 1);
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var at = sources[middle].Message.Offset;
            if (at == offset) return middle;
            if (at < offset) low = middle + 1;
            else high = middle - 1;
        }
        throw new PartitionFailureException($"An entity reported offset {offset} late, which this step did not send");
    }

    /// <summary>An entity's id within the partition (and its timer key in the checkpoint): target name, separator, key.</summary>
    private string IdOf(EntityRef entity) => _targets[entity.Target].Name + TimerSeparator + entity.Key;

    /// <summary>The entity of a checkpoint's timer key; a bare key (written before entity kinds were named) is the single kind's.</summary>
    private EntityRef Parse(string id)
    {
        var at = id.IndexOf(TimerSeparator, StringComparison.Ordinal);
        if (at >= 0)
        {
            var name = id[..at];
            for (var t = 0; t < _targets.Count; t++)
                if (string.Equals(_targets[t].Name, name, StringComparison.Ordinal)) return new EntityRef(t, id[(at + 1)..]);
        }
        if (_targets.Count == 1) return new EntityRef(0, id);
        throw new PartitionFailureException($"{_partitionId}: timer key '{id}' names no entity kind of {_computation.Topic}");
    }

    private void SetTimer(EntityRef entity, DateTimeOffset? time)
    {
        if (_timerOf.TryGetValue(entity, out var current))
        {
            if (current == time) return;
            _timers.Delete(entity, current);
            Forget(entity);
        }
        if (time is { } t)
        {
            _timers.Register(entity, t);
            _timerOf[entity] = t;
            _timerChanges[entity] = t;
        }
    }

    /// <summary>The entity's timer is gone (fired, or about to move): the next checkpoint says so.</summary>
    private void Forget(EntityRef entity)
    {
        _timerOf.Remove(entity);
        _timerChanges[entity] = null;
    }

    private void Ensure(EntityStatus status, EntityRef entity)
    {
        if (status != EntityStatus.Ok)
            throw new PartitionFailureException($"{_partitionId}: entity {IdOf(entity)} answered {status}; restarting from checkpoint at offset {_checkpointOffset}");
    }

    /// <summary>An entity of the partition: the index of its kind in the computation's targets, and its key.</summary>
    private readonly record struct EntityRef(int Target, string Key);
}
