using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streaming.Streams.Broker;

namespace Streaming.Api.Tail;

/// <summary>
/// Follows a topic for one client: a consumer assigned every partition (at its beginning or its end), in no consumer
/// group, committing nothing, so the tail moves no one's offsets and triggers no rebalance.
/// </summary>
public sealed class TopicTail(KafkaEndpoint endpoint, ILogger<TopicTail> logger)
{
    /// <summary>Records of <paramref name="topic"/> (with the given key, when one is given) as they are read, until <paramref name="limit"/> of them or cancellation.</summary>
    public async IAsyncEnumerable<TailRecord> ReadAsync(string topic, int partitions, bool fromBeginning, string? key, int? limit,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        // Bounded: a slow client makes the consumer wait rather than buffer the topic in memory.
        var channel = Channel.CreateBounded<TailRecord>(new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // librdkafka's Consume blocks: the consumer gets a thread of its own rather than one of the pool's.
        var reading = Task.Factory.StartNew(() => Consume(topic, partitions, fromBeginning, key, channel.Writer, stop.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            var sent = 0;
            await foreach (var record in channel.Reader.ReadAllAsync(ct))
            {
                yield return record;
                if (limit is { } most && ++sent >= most) yield break;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await reading;
        }
    }

    private void Consume(string topic, int partitions, bool fromBeginning, string? key, ChannelWriter<TailRecord> writer, CancellationToken ct)
    {
        try
        {
            var config = endpoint.Configure(new ConsumerConfig
            {
                // The client requires a group id; assigned partitions never join it, and nothing is committed to it.
                GroupId = "streaming-tail-" + Guid.NewGuid().ToString("N"),
                EnableAutoCommit = false,
                EnableAutoOffsetStore = false,
                AllowAutoCreateTopics = false,
            });
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
                .SetLogHandler((_, m) => logger.LogDebug("librdkafka tail {Facility}: {Message}", m.Facility, m.Message))
                .SetErrorHandler((_, e) => logger.LogDebug("Kafka tail consumer: {Reason} ({Code})", e.Reason, e.Code))
                .Build();
            var start = fromBeginning ? Offset.Beginning : Offset.End;
            consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, start)));
            while (!ct.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null || result.IsPartitionEOF || !TailRecords.KeyMatches(result.Message.Key, key)) continue;
                var record = TailRecords.Of(result);
                while (!writer.TryWrite(record))
                {
                    if (!writer.WaitToWriteAsync(ct).AsTask().GetAwaiter().GetResult()) return;
                }
            }
            consumer.Close();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away or has its records.
        }
        catch (KafkaException e)
        {
            logger.LogWarning("Tail of {Topic} stopped: {Reason}", topic, e.Error.Reason);
        }
        finally
        {
            writer.TryComplete();
        }
    }
}
