using Akka.Event;
using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

internal sealed partial class ConsumerLoop
{
    private void Run()
    {
        Exception? failure = null;
        try
        {
            using var consumer = Build();
            _consumer = consumer;
            consumer.Subscribe(_settings.Topics);
            while (!_shutdownRequested)
            {
                DrainCommands();
                if (_fatal is { } fatal) throw fatal;
                if (_shutdownRequested) break;
                var result = Consume(consumer);
                // Right after the poll that assigned them, before any command could start them.
                PauseNewlyAssigned();
                Deliver(result);
                RetryStarts();
                if (DateTime.UtcNow >= _retryCommitsAt) CommitStaged(null);
            }
            StopEmitting();
            DrainCommands();
            CommitStaged(null);
            consumer.Close();
        }
        catch (Exception e)
        {
            failure = e;
            _log.Error(e, "Kafka consumer of group {0} failed", _settings.GroupId);
        }
        finally
        {
            Terminate(failure);
        }
    }

    private IConsumer<byte[]?, byte[]> Build() =>
        new ConsumerBuilder<byte[]?, byte[]>(_settings.ToConsumerConfig())
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions))
            .SetPartitionsLostHandler((_, partitions) => OnLost(partitions))
            .SetErrorHandler((_, error) => OnError(error))
            .SetLogHandler((_, message) => OnLog(message))
            .Build();

    private ConsumeResult<byte[]?, byte[]>? Consume(IConsumer<byte[]?, byte[]> consumer)
    {
        try
        {
            return consumer.Consume(_settings.PollTimeout);
        }
        catch (ConsumeException e) when (e.Error.Code == ErrorCode.Local_AutoOffsetReset && e.ConsumerRecord?.TopicPartitionOffset is { } position)
        {
            OutOfRange(position, e.Error.Reason);
            return null;
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            _log.Warning("Kafka consume error for group {0}: {1}", _settings.GroupId, e.Error);
            return null;
        }
    }

    private void Deliver(ConsumeResult<byte[]?, byte[]>? result)
    {
        if (result is null || result.IsPartitionEOF) return;
        if (!_buffers.TryGetValue(result.TopicPartition, out var buffer)) return;
        Interlocked.Increment(ref _consumed);
        var message = new CommittableMessage(result.Message.Key, result.Message.Value ?? [], result.Message.Headers ?? [],
            result.Message.Timestamp, result.TopicPartitionOffset, new CommittableOffset(this, result.TopicPartitionOffset, buffer.Epoch));
        var outcome = buffer.Enqueue(message, out var buffered);
        if (buffered > Volatile.Read(ref _maxBuffered)) Volatile.Write(ref _maxBuffered, buffered);
        switch (outcome)
        {
            case EnqueueOutcome.AcceptedNowFull:
                _consumer!.Pause([result.TopicPartition]);
                Interlocked.Increment(ref _pauses);
                break;
            case EnqueueOutcome.Rejected:
                // Fetched before the pause took effect: read it again after the resume.
                _consumer!.Seek(result.TopicPartitionOffset);
                _consumer.Pause([result.TopicPartition]);
                Interlocked.Increment(ref _rewinds);
                break;
        }
    }

    private void DrainCommands()
    {
        while (_commands.TryDequeue(out var command)) command();
    }

    private void StopEmitting()
    {
        if (_consumer is { } consumer)
        {
            var assignment = consumer.Assignment;
            if (assignment.Count > 0) consumer.Pause(assignment);
        }
        foreach (var partition in _buffers.Keys.ToList())
        {
            if (_buffers.TryRemove(partition, out var buffer)) buffer.Complete();
        }
        if (_stopped.TrySetResult()) _listener?.Stopped();
    }

    /// <summary>
    /// The position of a partition left its log (auto.offset.reset=error): its sub-source fails so that the application
    /// decides. A partition that still waits for its start offset is not affected (its position is about to be set).
    /// </summary>
    private void OutOfRange(TopicPartitionOffset position, string reason)
    {
        if (!_buffers.TryGetValue(position.TopicPartition, out var buffer) || buffer.AwaitingStart) return;
        _log.Warning("Group {0}: {1} is out of range ({2})", _settings.GroupId, position, reason);
        _buffers.TryRemove(position.TopicPartition, out _);
        _consumer!.Pause([position.TopicPartition]);
        buffer.Fail(new KafkaOffsetOutOfRangeException(position.TopicPartition, position.Offset.Value, reason));
    }

    /// <summary>Seeks a manually started partition to the application's offset and lets it fetch.</summary>
    private void Start(PartitionBuffer buffer, Offset offset)
    {
        if (!IsCurrent(buffer)) return;
        PauseNewlyAssigned();
        try
        {
            _consumer!.Seek(new TopicPartitionOffset(buffer.Partition, offset));
        }
        catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_State)
        {
            // The assignment is not applied yet: seek again after the next poll.
            _pendingStarts.Add((buffer, offset));
            return;
        }
        buffer.MarkStarted();
        if (!buffer.IsPaused) _consumer!.Resume([buffer.Partition]);
        _log.Info("Group {0}: {1} starts at offset {2}", _settings.GroupId, buffer.Partition, offset);
    }

    private void RetryStarts()
    {
        if (_pendingStarts.Count == 0) return;
        var pending = _pendingStarts.ToList();
        _pendingStarts.Clear();
        foreach (var (buffer, offset) in pending) Start(buffer, offset);
    }

    private void PauseNewlyAssigned()
    {
        if (_pauseAfterAssign.Count == 0) return;
        var assigned = _consumer!.Assignment.Intersect(_pauseAfterAssign).ToList();
        if (assigned.Count > 0) _consumer.Pause(assigned);
        _pauseAfterAssign.Clear();
    }

    private void Terminate(Exception? failure)
    {
        lock (_lifecycle)
        {
            if (_terminated) return;
            _terminated = true;
        }
        // Commands that raced with the end: commits find nothing to commit through, others are moot.
        _consumer = null;
        _ledger.Clear();
        while (_commands.TryDequeue(out var command))
        {
            try
            {
                command();
            }
            catch (Exception e)
            {
                _log.Warning("Kafka consumer of group {0}: a command after close failed: {1}", _settings.GroupId, e.Message);
            }
        }
        foreach (var buffer in _buffers.Values) buffer.Complete();
        _buffers.Clear();
        _stopped.TrySetResult();
        _listener?.Finished(failure);
        if (failure is null) _completion.TrySetResult();
        else _completion.TrySetException(failure);
    }
}
