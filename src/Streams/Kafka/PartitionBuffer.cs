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

    public PartitionBuffer(TopicPartition partition, long epoch, int capacity, int resumeAt, ConsumerLoop owner)
    {
        Partition = partition;
        Epoch = epoch;
        _capacity = capacity;
        _resumeAt = resumeAt;
        _owner = owner;
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
