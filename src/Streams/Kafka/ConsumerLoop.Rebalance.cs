using Akka.Event;
using Error = Confluent.Kafka.Error;
using LogMessage = Confluent.Kafka.LogMessage;
using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

internal sealed partial class ConsumerLoop
{
    // All of these run on the consumer thread, inside Consume or Close.

    /// <summary>
    /// Returns where each partition starts: the committed offset, or — with a manual start — the log's end, paused
    /// until the application seeks to its own start (a partition of a group without committed offsets and
    /// <c>auto.offset.reset=error</c> could not even be paused otherwise).
    /// </summary>
    private List<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        _log.Info("Group {0} assigned {1}", _settings.GroupId, string.Join(", ", partitions));
        foreach (var partition in partitions)
        {
            var epoch = _ledger.Assign(partition);
            if (_stopRequested)
            {
                _pauseAfterAssign.Add(partition);
                continue;
            }
            if (_settings.ManualStart) _pauseAfterAssign.Add(partition);
            _listener!.Assigned(NewBuffer(partition, epoch));
        }
        return partitions.Select(p => new TopicPartitionOffset(p, _settings.ManualStart ? Offset.End : Offset.Unset)).ToList();
    }

    /// <summary>
    /// An orderly revocation: first commit what the pipeline already handed over for these
    /// partitions (the new owner starts right after it), then complete their sub-sources.
    /// </summary>
    private void OnRevoked(List<TopicPartitionOffset> revoked)
    {
        var partitions = revoked.Select(p => p.TopicPartition).ToHashSet();
        _log.Info("Group {0} revoked {1}", _settings.GroupId, string.Join(", ", partitions));
        if (partitions.Count == 0) return;
        try
        {
            CommitStaged(partitions.Contains);
        }
        catch (KafkaException e) when (!e.Error.IsFatal)
        {
            _log.Warning("Group {0}: commit on revocation failed: {1}", _settings.GroupId, e.Error);
        }
        Release(partitions);
    }

    /// <summary>Lost partitions (session expired, fenced) may already belong to someone else: nothing is committed.</summary>
    private void OnLost(List<TopicPartitionOffset> lost)
    {
        var partitions = lost.Select(p => p.TopicPartition).ToHashSet();
        _log.Warning("Group {0} lost {1}; their uncommitted offsets are dropped", _settings.GroupId, string.Join(", ", partitions));
        Release(partitions);
    }

    private void Release(HashSet<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            if (_ledger.Remove(partition))
            {
                Interlocked.Increment(ref _dropped);
                _log.Warning("Group {0}: dropped the uncommitted offset of {1} (no longer assigned)", _settings.GroupId, partition);
            }
            if (_buffers.TryRemove(partition, out var buffer)) buffer.Complete();
            _pauseAfterAssign.Remove(partition);
        }
    }

    private void OnError(Error error)
    {
        if (error.IsFatal)
        {
            _fatal = new KafkaException(error);
            return;
        }
        _log.Warning("Kafka client error in group {0}: {1}", _settings.GroupId, error);
    }

    private void OnLog(LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.ErrorLevel,
            SyslogLevel.Warning => LogLevel.WarningLevel,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.InfoLevel,
            _ => LogLevel.DebugLevel,
        };
        _log.Log(level, null, $"librdkafka {message.Name} {message.Facility}: {message.Message}");
    }
}
