using Confluent.Kafka;

namespace Streaming.Streams.Cdc;

/// <summary>
/// Tracks which transactions Kafka has fully acknowledged, in commit order, and so how far the slot may be
/// confirmed: up to the end of the newest transaction that has every record (and every record of every earlier
/// transaction) acknowledged. Records are counted on the loop thread; acknowledgements arrive on librdkafka's
/// delivery thread.
/// </summary>
internal sealed class AckTracker
{
    private readonly object _gate = new();
    private readonly Queue<Transaction> _open = new();
    private ulong _confirmed;
    private DateTimeOffset? _confirmedCommitTime;
    private readonly CdcCounters _counters;
    private long _inFlight;
    private Error? _failure;

    /// <param name="confirmed">Where the slot stands already (nothing before it is tracked).</param>
    /// <param name="counters">Where acknowledged records are counted (across sessions).</param>
    public AckTracker(ulong confirmed, CdcCounters counters)
    {
        _confirmed = confirmed;
        _counters = counters;
    }

    /// <summary>One source transaction (or the whole snapshot).</summary>
    public sealed class Transaction
    {
        private readonly AckTracker _owner;
        private int _pending;

        internal Transaction(AckTracker owner)
        {
            _owner = owner;
            OnChangeDelivered = report => _owner.Delivered(this, tombstone: false, report.Error);
            OnTombstoneDelivered = report => _owner.Delivered(this, tombstone: true, report.Error);
        }

        /// <summary>Delivery handlers, made once per transaction rather than once per record.</summary>
        public Action<DeliveryReport<byte[]?, byte[]?>> OnChangeDelivered { get; }

        public Action<DeliveryReport<byte[]?, byte[]?>> OnTombstoneDelivered { get; }

        /// <summary>Records sent and not acknowledged (a failed record stays counted: its transaction never completes).</summary>
        public int Pending => Volatile.Read(ref _pending);

        internal bool Committed { get; set; }

        internal ulong EndLsn { get; set; }

        internal DateTimeOffset CommitTime { get; set; }

        internal void Add() => Interlocked.Increment(ref _pending);

        internal void Remove() => Interlocked.Decrement(ref _pending);
    }

    /// <summary>The position every acknowledged transaction reaches (what may be confirmed to PostgreSQL).</summary>
    public ulong Confirmed
    {
        get
        {
            lock (_gate) return _confirmed;
        }
    }

    public DateTimeOffset? ConfirmedCommitTime
    {
        get
        {
            lock (_gate) return _confirmedCommitTime;
        }
    }

    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>The first delivery error, if any; once set, nothing later is confirmed.</summary>
    public Error? Failure
    {
        get
        {
            lock (_gate) return _failure;
        }
    }

    public Transaction Begin()
    {
        var tx = new Transaction(this);
        lock (_gate) _open.Enqueue(tx);
        return tx;
    }

    /// <summary>A record of <paramref name="tx"/> is about to be handed to the producer.</summary>
    public void Sending(Transaction tx)
    {
        tx.Add();
        Interlocked.Increment(ref _inFlight);
    }

    /// <summary>The producer refused the record synchronously (it will not be acknowledged).</summary>
    public void NotSent(Transaction tx)
    {
        tx.Remove();
        Interlocked.Decrement(ref _inFlight);
    }

    public void Commit(Transaction tx, ulong endLsn, DateTimeOffset commitTime)
    {
        lock (_gate)
        {
            tx.EndLsn = endLsn;
            tx.CommitTime = commitTime;
            tx.Committed = true;
        }
    }

    /// <summary>Moves <see cref="Confirmed"/> past every leading transaction that is committed and fully
    /// acknowledged; true when it moved.</summary>
    public bool Advance()
    {
        lock (_gate)
        {
            if (_failure is not null) return false;
            var moved = false;
            while (_open.TryPeek(out var head) && head.Committed && head.Pending == 0)
            {
                _open.Dequeue();
                if (head.EndLsn > _confirmed)
                {
                    _confirmed = head.EndLsn;
                    moved = true;
                }
                _confirmedCommitTime = head.CommitTime;
            }
            return moved;
        }
    }

    /// <summary>
    /// With nothing open or unacknowledged, the stream position received from the server (a keep-alive, or the
    /// start of a transaction not yet read) may be confirmed: every transaction committed before it has been
    /// received and acknowledged, and any later commit is still ahead. This keeps the slot from holding WAL that
    /// other tables' traffic writes. <paramref name="received"/> must be read before this call.
    /// </summary>
    public bool AdvanceIdle(ulong received)
    {
        lock (_gate)
        {
            if (_failure is not null || _open.Count > 0 || received <= _confirmed) return false;
            _confirmed = received;
            return true;
        }
    }

    private void Delivered(Transaction tx, bool tombstone, Error error)
    {
        if (error.IsError)
        {
            lock (_gate) _failure ??= error;
        }
        else
        {
            tx.Remove();
            if (tombstone) _counters.AddTombstone();
            else _counters.AddChange();
        }
        Interlocked.Decrement(ref _inFlight);
    }
}
