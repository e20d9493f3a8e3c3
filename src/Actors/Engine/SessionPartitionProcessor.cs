using System.Collections.Immutable;
using Akka.Actor;
using Confluent.Kafka;
using Streaming.Actors.Entities;
using Streaming.Actors.Sessions;
using Streaming.Streams.Contracts;
using Streaming.Streams.EventTime;
using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>
/// Drives one <c>user_events</c> partition, one step at a time: parse, advance the watermark, have
/// the users' entities apply their events, fire due timers, publish what they produced, and — every
/// checkpoint interval — make every touched entity durable, then the partition checkpoint, then hand
/// the offset to the committer. Each step waits for the previous one, so a checkpoint captures
/// exactly the state at its offset, and everything published before it is acknowledged.
/// </summary>
public sealed class SessionPartitionProcessor
{
    private readonly TopicPartition _partition;
    private readonly string _partitionId;
    private readonly IActorRef _users;
    private readonly IActorRef _checkpoints;
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly EngineOptions _engine;
    private readonly SessionOptions _sessions;
    private readonly WatermarkOptions _watermarkOptions;
    private readonly TimeProvider _clock;
    private readonly EngineMetrics _metrics;
    private readonly Dictionary<string, long> _touched = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _timerOf = new(StringComparer.Ordinal);
    private TimerService<string> _timers = new();
    private PartitionWatermark _watermark;
    private long _epoch;
    private long _lastOffset = -1;
    private long _checkpointOffset = -1;
    private CommittableOffset? _lastCommittable;
    private DateTimeOffset _lastCheckpointAt;

    public SessionPartitionProcessor(TopicPartition partition, IActorRef users, IActorRef checkpoints, IProducer<byte[]?, byte[]> producer,
        EngineOptions engine, AnalyticsOptions analytics, EngineMetrics metrics, TimeProvider clock)
    {
        _partition = partition;
        _partitionId = $"{partition.Topic}-{partition.Partition.Value}";
        _users = users;
        _checkpoints = checkpoints;
        _producer = producer;
        _engine = engine;
        _sessions = new SessionOptions(analytics.SessionGap);
        _watermarkOptions = new WatermarkOptions(analytics.OutOfOrderness, analytics.IdleAfter);
        _metrics = metrics;
        _clock = clock;
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
        _timers = new TimerService<string>(checkpoint.Timers.Select(t => new EventTimer<string>(t.Key, t.Time)));
        foreach (var t in checkpoint.Timers) _timerOf[t.Key] = t.Time;
        _lastCheckpointAt = now;
        _metrics.PartitionStarted(_partitionId, _epoch, _checkpointOffset);
    }

    /// <summary>One step over a batch (empty on a clock tick); returns an offset to commit after a checkpoint.</summary>
    public async Task<CommittableOffset?> StepAsync(IReadOnlyList<CommittableMessage> batch)
    {
        var now = _clock.GetUtcNow();
        var outputs = new PartitionOutputs();
        var byUser = new Dictionary<string, ImmutableArray<SessionInput>.Builder>(StringComparer.Ordinal);
        var sources = new Dictionary<long, CommittableMessage>();

        foreach (var message in batch)
        {
            _lastCommittable = message.CommittableOffset;
            if (message.Offset <= _lastOffset) continue;
            _lastOffset = message.Offset;
            var parsed = EventKinds.User.Deserialize(message.Value);
            if (!parsed.TryGetValue(out var ev))
            {
                outputs.DeadLetter(message, string.Join("; ", parsed.Errors), now);
                _metrics.DeadLetter(_partition.Topic);
                continue;
            }
            var watermark = _watermark.Current(now);
            _watermark = _watermark.Observe(ev.Timestamp, now);
            if (!byUser.TryGetValue(ev.UserId, out var items)) byUser[ev.UserId] = items = ImmutableArray.CreateBuilder<SessionInput>();
            items.Add(new SessionInput(message.Offset, new SessionEvent(ev.EventId, ev.UserId, ev.Timestamp, ev.EventType, ev.PageUrl, ev.Metadata?.Device), watermark));
            sources[message.Offset] = message;
        }
        _metrics.Consumed(_partition.Topic, batch.Count);

        var applied = await Task.WhenAll(byUser.Select(async pair =>
        {
            var command = new ApplyUserEvents(pair.Key, _epoch, _touched.GetValueOrDefault(pair.Key, -1), pair.Value.ToImmutable());
            return (Items: command.Items, Reply: await _users.Ask<UserEventsApplied>(command, _engine.AskTimeout));
        }));
        foreach (var (items, reply) in applied)
        {
            Ensure(reply.Status, reply.UserId);
            _touched[reply.UserId] = items[^1].Offset;
            SetTimer(reply.UserId, reply.NextTimer);
            foreach (var late in reply.Late)
            {
                var input = items.First(i => i.Offset == late.Offset);
                outputs.Late(sources[late.Offset], input.Event.EventId, input.Event.Time, input.Watermark, late.Reason);
                _metrics.Late(_partition.Topic);
            }
        }

        await FireTimersAsync(_watermark.Current(now), outputs);
        await outputs.PublishAsync(_producer);
        _metrics.Published(outputs.Count);
        _metrics.Watermark(_partitionId, _watermark.Current(now), now);

        if (now - _lastCheckpointAt < _engine.CheckpointInterval) return null;
        await CheckpointAsync(now);
        return _lastCommittable;
    }

    private async Task FireTimersAsync(DateTimeOffset watermark, PartitionOutputs outputs)
    {
        var due = _timers.PopDue(watermark).Select(t => t.Key).Distinct(StringComparer.Ordinal).ToList();
        if (due.Count == 0) return;
        foreach (var key in due) _timerOf.Remove(key);
        var replies = await Task.WhenAll(due.Select(key =>
            _users.Ask<UserSessionsClosed>(new CloseUserSessions(key, _epoch, _touched.GetValueOrDefault(key, -1), watermark), _engine.AskTimeout)));
        foreach (var reply in replies)
        {
            Ensure(reply.Status, reply.UserId);
            _touched.TryAdd(reply.UserId, -1);
            SetTimer(reply.UserId, reply.NextTimer);
            foreach (var session in reply.Closed) outputs.Session(session);
            _metrics.SessionsClosed(reply.Closed.Length);
        }
    }

    private async Task CheckpointAsync(DateTimeOffset now)
    {
        var replies = await Task.WhenAll(_touched.Keys.Select(key => _users.Ask<UserCheckpointed>(new CheckpointUser(key, _epoch), _engine.AskTimeout)));
        foreach (var reply in replies) Ensure(reply.Status, reply.UserId);
        _watermark = _watermark.AdvanceTo(now);
        var timers = _timers.Timers.Select(t => new TimerEntry(t.Key, t.Time)).ToImmutableArray();
        var checkpoint = new PartitionCheckpoint(_epoch, _lastOffset, _watermark.ToSnapshot(), timers);
        var saved = await _checkpoints.Ask<PartitionCheckpointSaved>(new SavePartitionCheckpoint(_partitionId, checkpoint), _engine.AskTimeout);
        if (saved.Fenced) throw new PartitionFailureException($"{_partitionId}: a newer processor owns the partition (epoch {_epoch} fenced)");
        _metrics.Checkpointed(_partitionId, _lastOffset, _touched.Count);
        _checkpointOffset = _lastOffset;
        _touched.Clear();
        _lastCheckpointAt = now;
    }

    private void SetTimer(string key, DateTimeOffset? time)
    {
        if (_timerOf.TryGetValue(key, out var current))
        {
            if (current == time) return;
            _timers.Delete(key, current);
            _timerOf.Remove(key);
        }
        if (time is { } t)
        {
            _timers.Register(key, t);
            _timerOf[key] = t;
        }
    }

    private void Ensure(EntityStatus status, string userId)
    {
        if (status != EntityStatus.Ok)
            throw new PartitionFailureException($"{_partitionId}: entity {userId} answered {status}; restarting from checkpoint at offset {_checkpointOffset}");
    }
}
