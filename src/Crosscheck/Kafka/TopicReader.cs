using System.Text;
using Confluent.Kafka;

namespace Streaming.Crosscheck.Kafka;

/// <summary>
/// Reads a whole topic as a batch: every partition from its first retained offset up to its end offset at the time
/// the read starts (records written later are left for the next read), keeping each record's partition and offset.
/// It joins no consumer group and commits nothing.
/// </summary>
public static class TopicReader
{
    /// <summary>Reads <paramref name="topic"/>; records come out per partition in offset order.</summary>
    /// <exception cref="InvalidOperationException">The topic does not exist, or the end offsets were not reached within <see cref="TopicReaderOptions.StallTimeout"/>.</exception>
    public static Task<IReadOnlyList<TopicRecord>> ReadAsync(TopicReaderOptions options, string topic, IProgress<CrosscheckProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            throw new ArgumentException("TopicReaderOptions.BootstrapServers is required (e.g. broker:9092).", nameof(options));
        }

        // librdkafka's consumer API blocks: keep it off the caller's thread.
        return Task.Run<IReadOnlyList<TopicRecord>>(() => Read(options, topic, progress, cancellationToken), cancellationToken);
    }

    private static List<TopicRecord> Read(TopicReaderOptions options, string topic, IProgress<CrosscheckProgress>? progress, CancellationToken ct)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = "streaming-crosscheck-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
            AllowAutoCreateTopics = false,
        };
        foreach (var (key, value) in options.Config)
        {
            config.Set(key, value);
        }

        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        var partitions = Partitions(options, topic);
        var ends = new Dictionary<int, long>();
        var starts = new List<TopicPartitionOffset>();
        foreach (var partition in partitions)
        {
            var tp = new TopicPartition(topic, partition);
            var watermarks = consumer.QueryWatermarkOffsets(tp, options.MetadataTimeout);
            if (watermarks.High.Value > watermarks.Low.Value)
            {
                ends[partition] = watermarks.High.Value;
                starts.Add(new TopicPartitionOffset(tp, watermarks.Low));
            }
        }

        var records = new List<TopicRecord>();
        if (starts.Count == 0)
        {
            progress?.Report(new CrosscheckProgress("read", topic, 0));
            return records;
        }

        consumer.Assign(starts);
        var lastProgress = DateTime.UtcNow;
        var lastReport = 0L;
        while (ends.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                if (DateTime.UtcNow - lastProgress > options.StallTimeout)
                {
                    throw new InvalidOperationException(
                        $"Reading {topic} received nothing for {options.StallTimeout.TotalSeconds:0.#} s before reaching the end of partitions {string.Join(", ", ends.Keys.Order())} (read {records.Count} records); is the broker at {options.BootstrapServers} reachable?");
                }

                continue;
            }

            lastProgress = DateTime.UtcNow;
            var p = result.Partition.Value;
            if (!result.IsPartitionEOF && ends.TryGetValue(p, out var end) && result.Offset.Value < end)
            {
                records.Add(ToRecord(result));
                if (records.Count - lastReport >= 10_000)
                {
                    lastReport = records.Count;
                    progress?.Report(new CrosscheckProgress("read", topic, records.Count));
                }
            }

            // Done with a partition at its end offset, or at its end when records before it were compacted or aborted.
            var next = result.IsPartitionEOF ? result.Offset.Value : result.Offset.Value + 1;
            if (ends.TryGetValue(p, out end) && next >= end)
            {
                ends.Remove(p);
            }
        }

        progress?.Report(new CrosscheckProgress("read", topic, records.Count));
        return [.. records.OrderBy(r => r.Partition).ThenBy(r => r.Offset)];
    }

    private static List<int> Partitions(TopicReaderOptions options, string topic)
    {
        var config = new AdminClientConfig { BootstrapServers = options.BootstrapServers };
        foreach (var (key, value) in options.Config)
        {
            config.Set(key, value);
        }

        using var admin = new AdminClientBuilder(config).Build();
        var metadata = admin.GetMetadata(topic, options.MetadataTimeout);
        var info = metadata.Topics.SingleOrDefault(t => t.Topic == topic);
        if (info is null || info.Error.IsError || info.Partitions.Count == 0)
        {
            throw new InvalidOperationException($"Topic {topic} does not exist on {config.BootstrapServers}{(info?.Error.IsError == true ? $" ({info.Error.Reason})" : "")}.");
        }

        return [.. info.Partitions.Select(p => p.PartitionId).Order()];
    }

    private static TopicRecord ToRecord(ConsumeResult<byte[]?, byte[]?> result)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in result.Message.Headers ?? [])
        {
            headers[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes() ?? []);
        }

        return new TopicRecord(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Key, result.Message.Value, headers,
            result.Message.Timestamp.UtcDateTime);
    }
}
