namespace Streaming.Streams.Kinesis;

/// <summary>
/// Chooses the next PutRecords request from the records waiting to be sent, so that per-key order
/// survives partial failures and concurrent requests.
/// </summary>
/// <remarks>
/// PutRecords may accept some records of a request and refuse others (throttling). If two records
/// of one key were in a request (or in two concurrent requests) and the first was refused, its
/// retry would land after the second. So a record is sent only when no earlier record of its
/// partition key is still unaccepted: a request holds at most one record per key, and a key with a
/// record in flight or waiting for a retry sends nothing else. Records of other keys are not held
/// back: the planner takes them from anywhere in the queue. The cost falls on hot keys: one key
/// moves at most one record per request round trip, so a topic dominated by one key forwards at
/// about <c>1 / RTT</c> records per second, while a topic of many keys fills requests to the limits.
/// </remarks>
public static class BatchPlanner
{
    /// <summary>
    /// Indices into <paramref name="queue"/> (in queue order) of the records to send next. <paramref name="queue"/>
    /// holds every unaccepted record not in flight, oldest first; <paramref name="inFlightKeys"/> the keys
    /// of records in requests not yet answered. Greedy in queue order: a record that would break a
    /// limit is skipped and smaller later ones may still join. Every record must fit
    /// <see cref="BatchLimits.MaxRecordBytes"/> (larger ones never reach the queue).
    /// </summary>
    public static IReadOnlyList<int> Plan(IReadOnlyList<BatchCandidate> queue, IReadOnlySet<string> inFlightKeys, BatchLimits limits)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(inFlightKeys);
        ArgumentNullException.ThrowIfNull(limits);
        var chosen = new List<int>();
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        for (var i = 0; i < queue.Count && chosen.Count < limits.MaxRecords && bytes < limits.MaxRequestBytes; i++)
        {
            var candidate = queue[i];
            // Whatever happens to this record, later records of its key wait for it.
            if (!blocked.Add(candidate.PartitionKey) || inFlightKeys.Contains(candidate.PartitionKey) || !candidate.Ready) continue;
            if (bytes + candidate.Size > limits.MaxRequestBytes) continue;
            chosen.Add(i);
            bytes += candidate.Size;
        }
        return chosen;
    }
}
