using Akka.Event;
using Error = Confluent.Kafka.Error;
using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

internal sealed partial class ConsumerLoop
{
    /// <summary>
    /// Consumer thread: commits the staged offsets (of the partitions matching
    /// <paramref name="filter"/>). Retriable failures stay staged and are retried after the
    /// backoff; failures meaning the membership is gone drop the offsets; fatal ones throw.
    /// </summary>
    private CommitOutcome CommitStaged(Func<TopicPartition, bool>? filter)
    {
        if (filter is null) _retryCommitsAt = DateTime.MaxValue;
        if (_consumer is not { } consumer) return CommitOutcome.Empty;
        var batch = _ledger.TakeStaged(filter);
        if (batch.Count == 0) return CommitOutcome.Empty;
        var errors = new Dictionary<TopicPartition, Error>();
        try
        {
            consumer.Commit(batch.Select(s => s.ToTopicPartitionOffset()));
        }
        catch (TopicPartitionOffsetException e)
        {
            foreach (var result in e.Results.Where(r => r.Error.IsError)) errors[result.TopicPartition] = result.Error;
        }
        catch (KafkaException e)
        {
            foreach (var staged in batch) errors[staged.Partition] = e.Error;
        }

        var committed = new List<TopicPartitionOffset>(batch.Count);
        int dropped = 0, retrying = 0;
        foreach (var staged in batch)
        {
            if (!errors.TryGetValue(staged.Partition, out var error))
            {
                _ledger.Committed(staged);
                committed.Add(staged.ToTopicPartitionOffset());
                continue;
            }
            if (error.IsFatal) throw new KafkaException(error);
            if (MembershipGone(error.Code))
            {
                _ledger.Abandon(staged);
                dropped++;
                _log.Warning("Group {0}: commit of {1} refused ({2}); the partition is being reassigned", _settings.GroupId, staged.ToTopicPartitionOffset(), error);
            }
            else
            {
                _ledger.Restage(staged);
                retrying++;
                _retryCommitsAt = DateTime.UtcNow + _settings.CommitRetryBackoff;
                _log.Warning("Group {0}: commit of {1} failed ({2}); retrying", _settings.GroupId, staged.ToTopicPartitionOffset(), error);
            }
        }
        Interlocked.Add(ref _committed, committed.Count);
        Interlocked.Add(ref _dropped, dropped);
        return new CommitOutcome(committed, dropped, retrying);
    }

    private static bool MembershipGone(ErrorCode code) => code is
        ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId or ErrorCode.FencedInstanceId or
        ErrorCode.Local_AssignmentLost or ErrorCode.StaleMemberEpoch or ErrorCode.FencedMemberEpoch or
        ErrorCode.UnknownTopicOrPart or ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed;
}
