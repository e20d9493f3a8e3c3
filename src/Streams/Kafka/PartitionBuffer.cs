using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>
/// The bounded hand-over between the consumer thread (producer side) and one partition's
/// sub-source stage (consumer side). It never holds more than its capacity: reaching it marks
/// the partition paused, and the drain below the resume threshold asks the consumer thread to
/// resume it. All state is guarded by one lock; the sub-source is woken through its async
/// callback only when it is waiting.
/// </summary>
internal sealed class PartitionBuffer
{
    private readonly object _gate = new();
    private readonly Queue<CommittableMessage> _queue = new();
    private readonly int _capacity;
    private readonly int _resumeAt;
    private readonly ConsumerLoop _owner;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _failure;
    private bool _awaitingStart;
    private Action? _signal;
    private bool _waiting;
    private bool _completed;
    private bool _cancelled;
    private bool _paused;
    private bool _resumeRequested;
    private int _maxBuffered;
    private long _pauses;
    private long? _firstSeen;
    private long? _lastDelivered;

    public PartitionBuffer(TopicPartition partition, long epoch, int capacity, int resumeAt, ConsumerLoop owner, bool awaitingStart = false)
    {
        Partition = partition;
        Epoch = epoch;
        _capacity = capacity;
        _resumeAt = resumeAt;
        _owner = owner;
        _awaitingStart = awaitingStart;
    }

    /// <summary>Completes once the partition is no longer this buffer's (revoked, lost, stopped, failed).</summary>
    public Task Released => _released.Task;

    /// <summary>True until the application said where the partition starts (manual start); records until then are dropped.</summary>
    public bool AwaitingStart
    {
        get { lock (_gate) return _awaitingStart; }
    }

    /// <summary>Consumer thread, after the seek to the application's start offset.</summary>
    public void MarkStarted()
    {
        lock (_gate) _awaitingStart = false;
    }

    /// <summary>Consumer thread: the partition cannot go on (e.g. its position fell out of the log); the sub-source fails with <paramref name="failure"/>.</summary>
    public void Fail(Exception failure)
    {
        Action? wake;
        lock (_gate)
        {
            if (_completed) return;
            _completed = true;
            _failure = failure;
            _queue.Clear();
            wake = _signal;
        }
        _released.TrySetResult();
        wake?.Invoke();
    }

    /// <summary>Why the sub-source must fail, once it is completed; null for an orderly completion.</summary>
    public Exception? Failure
    {
        get { lock (_gate) return _failure; }
    }

    public TopicPartition Partition { get; }
    public long Epoch { get; }

    public bool IsClosed
    {
        get { lock (_gate) return _completed || _cancelled; }
    }

    /// <summary>Where a replacement sub-source must start so that nothing undelivered is skipped.</summary>
    public long? RestartOffset
    {
        get { lock (_gate) return _lastDelivered + 1 ?? _firstSeen; }
    }

    public PartitionDiagnostics Snapshot()
    {
        lock (_gate) return new PartitionDiagnostics(Partition, _queue.Count, _paused, _pauses, _maxBuffered);
    }

    /// <summary>Consumer thread.</summary>
    public EnqueueOutcome Enqueue(CommittableMessage message, out int buffered)
    {
        Action? wake;
        EnqueueOutcome outcome;
        lock (_gate)
        {
            _firstSeen ??= message.Offset;
            buffered = _queue.Count;
            if (_completed || _cancelled) return EnqueueOutcome.Closed;
            // Fetched from the position the partition had before the application's start offset: the seek discards it anyway.
            if (_awaitingStart) return EnqueueOutcome.Closed;
            if (_queue.Count >= _capacity)
            {
                MarkPaused();
                return EnqueueOutcome.Rejected;
            }
            _queue.Enqueue(message);
            buffered = _queue.Count;
            _maxBuffered = Math.Max(_maxBuffered, buffered);
            outcome = EnqueueOutcome.Accepted;
            if (buffered >= _capacity)
            {
                MarkPaused();
                outcome = EnqueueOutcome.AcceptedNowFull;
            }
            wake = TakeWaiter();
        }
        wake?.Invoke();
        return outcome;
    }

    /// <summary>Consumer thread, after it resumed the partition.</summary>
    public void MarkResumed()
    {
        lock (_gate)
        {
            _paused = false;
            _resumeRequested = false;
        }
    }

    public bool IsPaused
    {
        get { lock (_gate) return _paused; }
    }

    /// <summary>Consumer thread: the partition was revoked, lost, or the source stopped. Buffered records are dropped (they are not committed).</summary>
    public void Complete()
    {
        Action? wake;
        lock (_gate)
        {
            if (_completed) return;
            _completed = true;
            _queue.Clear();
            wake = _signal;
        }
        _released.TrySetResult();
        wake?.Invoke();
    }

    /// <summary>Sub-source stage: registers its wake-up callback; false when already materialized once.</summary>
    public bool Attach(Action signal)
    {
        lock (_gate)
        {
            if (_signal is not null) return false;
            _signal = signal;
            return true;
        }
    }

    /// <summary>Sub-source stage. Returns false with <paramref name="completed"/> when there is nothing (more) to deliver.</summary>
    public bool TryDequeue(out CommittableMessage? message, out bool completed)
    {
        var resume = false;
        lock (_gate)
        {
            completed = _completed;
            if (_completed || !_queue.TryDequeue(out message))
            {
                message = null;
                _waiting = !_completed;
                return false;
            }
            _lastDelivered = message.Offset;
            if (_paused && !_resumeRequested && _queue.Count <= _resumeAt)
            {
                _resumeRequested = true;
                resume = true;
            }
        }
        if (resume) _owner.RequestResume(this);
        return true;
    }

    /// <summary>Sub-source stage: downstream cancelled before the partition was revoked.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            if (_completed || _cancelled) return;
            _cancelled = true;
            _queue.Clear();
        }
        _released.TrySetResult();
        _owner.RequestReplacement(this);
    }

    private void MarkPaused()
    {
        if (_paused) return;
        _paused = true;
        _pauses++;
    }

    private Action? TakeWaiter()
    {
        if (!_waiting) return null;
        _waiting = false;
        return _signal;
    }
}
