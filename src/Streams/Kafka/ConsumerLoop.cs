using System.Collections.Concurrent;
using Akka.Event;
using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>
/// Owns one <see cref="IConsumer{TKey,TValue}"/> and the dedicated thread every call on it runs
/// on: Consume, the rebalance callbacks, Pause/Resume/Seek and Commit. Other threads talk to it
/// through <see cref="Post"/> (a command queue drained between polls) and the thread-safe
/// <see cref="OffsetLedger"/> and <see cref="PartitionBuffer"/>s.
/// </summary>
internal sealed partial class ConsumerLoop : ICommitTarget
{
    private readonly KafkaConsumerSettings _settings;
    private readonly object _lifecycle = new();
    private readonly ConcurrentQueue<Action> _commands = new();
    private readonly ConcurrentDictionary<TopicPartition, PartitionBuffer> _buffers = new();
    private readonly OffsetLedger _ledger = new();
    private readonly List<TopicPartition> _pauseAfterAssign = [];
    private readonly List<(PartitionBuffer Buffer, Offset Offset)> _pendingStarts = [];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ILoggingAdapter _log = NoLogger.Instance;
    private ConsumerListener? _listener;
    private IConsumer<byte[]?, byte[]>? _consumer;
    private bool _started;
    private bool _terminated;
    private volatile bool _stopRequested;
    private volatile bool _shutdownRequested;
    private volatile Exception? _fatal;
    private DateTime _retryCommitsAt = DateTime.MaxValue;
    private long _consumed, _pauses, _resumes, _rewinds, _staged, _committed, _dropped;
    private int _maxBuffered;

    public ConsumerLoop(KafkaConsumerSettings settings) => _settings = settings;

    public string GroupId => _settings.GroupId;
    public Task Completion => _completion.Task;
    public bool StopRequested => _stopRequested;

    public void Start(ILoggingAdapter log, ConsumerListener listener)
    {
        lock (_lifecycle)
        {
            if (_started) throw new InvalidOperationException("A Kafka source can be materialized only once.");
            _started = true;
            _log = log;
            _listener = listener;
            if (_shutdownRequested)
            {
                Terminate(null);
                return;
            }
            new Thread(Run) { IsBackground = true, Name = $"kafka-consumer:{_settings.GroupId}" }.Start();
        }
    }

    public Task Stop()
    {
        _stopRequested = true;
        if (!Post(StopEmitting)) _stopped.TrySetResult();
        return _stopped.Task;
    }

    public Task Shutdown()
    {
        _stopRequested = true;
        _shutdownRequested = true;
        lock (_lifecycle)
        {
            if (!_started) Terminate(null);
        }
        return Completion;
    }

    public void RequestResume(PartitionBuffer buffer) => Post(() =>
    {
        if (!IsCurrent(buffer)) return;
        buffer.MarkResumed();
        _consumer!.Resume([buffer.Partition]);
        Interlocked.Increment(ref _resumes);
    });

    /// <summary>A sub-source was cancelled while its partition is still assigned: emit a fresh one from the first undelivered record.</summary>
    public void RequestReplacement(PartitionBuffer buffer) => Post(() =>
    {
        if (!IsCurrent(buffer) || _stopRequested) return;
        var replacement = NewBuffer(buffer.Partition, buffer.Epoch);
        if (_settings.ManualStart)
        {
            // The application starts the replacement where it wants.
            _consumer!.Pause([buffer.Partition]);
        }
        else
        {
            if (buffer.RestartOffset is { } offset) _consumer!.Seek(new TopicPartitionOffset(buffer.Partition, offset));
            if (buffer.IsPaused) _consumer!.Resume([buffer.Partition]);
        }
        _log.Info("Sub-source of {0} was cancelled; emitting a new one from offset {1}", buffer.Partition, buffer.RestartOffset?.ToString() ?? "(current)");
        _listener!.Assigned(replacement);
    });

    /// <summary>A manually started partition starts at <paramref name="offset"/>.</summary>
    public void RequestStart(PartitionBuffer buffer, Offset offset) => Post(() => Start(buffer, offset));

    public StageOutcome Stage(CommittableOffset offset)
    {
        var tpo = offset.TopicPartitionOffset;
        var outcome = _ledger.Stage(tpo.TopicPartition, offset.AssignmentEpoch, tpo.Offset.Value + 1);
        if (outcome == StageOutcome.Staged) Interlocked.Increment(ref _staged);
        else if (outcome == StageOutcome.NotAssigned) Interlocked.Increment(ref _dropped);
        return outcome;
    }

    public Task<CommitOutcome> CommitStagedAsync()
    {
        var result = new TaskCompletionSource<CommitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var posted = Post(() =>
        {
            try
            {
                result.TrySetResult(CommitStaged(null));
            }
            catch (Exception e)
            {
                result.TrySetException(e);
                throw;
            }
        });
        if (!posted) result.TrySetResult(CommitOutcome.Empty);
        return result.Task;
    }

    public KafkaConsumerDiagnostics Diagnostics()
    {
        var partitions = _buffers.Values.Select(b => b.Snapshot()).OrderBy(p => p.Partition.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Partition.Value).ToList();
        return new KafkaConsumerDiagnostics(partitions, _settings.MaxBufferedPerPartition, Volatile.Read(ref _maxBuffered),
            Interlocked.Read(ref _consumed), Interlocked.Read(ref _pauses), Interlocked.Read(ref _resumes), Interlocked.Read(ref _rewinds),
            Interlocked.Read(ref _staged), Interlocked.Read(ref _committed), Interlocked.Read(ref _dropped));
    }

    private bool Post(Action command)
    {
        lock (_lifecycle)
        {
            if (_terminated) return false;
            _commands.Enqueue(command);
            return true;
        }
    }

    private bool IsCurrent(PartitionBuffer buffer) =>
        _consumer is not null && _buffers.TryGetValue(buffer.Partition, out var current) && ReferenceEquals(current, buffer);

    private PartitionBuffer NewBuffer(TopicPartition partition, long epoch)
    {
        var buffer = new PartitionBuffer(partition, epoch, _settings.MaxBufferedPerPartition, _settings.ResumeThreshold, this, _settings.ManualStart);
        _buffers[partition] = buffer;
        return buffer;
    }
}
