using System.Text;
using Confluent.Kafka;
using Streaming.Streams.Broker;
using Streaming.Streams.Kafka;

namespace Streaming.Api.Ingest;

/// <summary>Writes validated events to Kafka with the gateway's standard headers.</summary>
public sealed class IngestService(EventPublisher publisher, BacklogGate backlog, TopicAdmin admin)
{
    private static readonly byte[] JsonContentType = Encoding.ASCII.GetBytes("application/json");
    private static readonly byte[] GatewaySource = Encoding.ASCII.GetBytes("streaming-gateway");

    public async Task<Accepted> WriteAsync(string topic, string eventId, string? key, byte[] payload, CancellationToken ct)
    {
        var record = new OutgoingRecord(Key(key), payload, Headers(eventId));
        var (partition, bytes) = Reserve(topic, [record])[0];
        Delivery delivery;
        try
        {
            delivery = await publisher.PublishAsync(topic, record.Key, record.Value, record.Headers, ct);
        }
        catch
        {
            if (partition is { } p) backlog.Settled(p, bytes, null);
            throw;
        }
        if (partition is { } at) backlog.Settled(at, bytes, delivery.Offset);
        return new Accepted("accepted", eventId, delivery.Topic, delivery.Partition, delivery.Offset);
    }

    /// <summary>
    /// Reserves room for the records in the backlog gate (a no-op unless it is enabled): returns each record's
    /// partition and log bytes, or throws <see cref="BrokerUnavailableException"/> (503, Retry-After) when a partition has none.
    /// </summary>
    private (TopicPartition? Partition, long Bytes)[] Reserve(string topic, OutgoingRecord[] records)
    {
        var result = new (TopicPartition?, long)[records.Length];
        if (!backlog.Enabled) return result;
        var partitions = admin.PartitionCount(topic, TimeSpan.FromSeconds(5));
        var perPartition = new Dictionary<TopicPartition, long>();
        for (var i = 0; i < records.Length; i++)
        {
            var record = records[i];
            if (record.Key is null || partitions == 0) continue;
            var partition = new TopicPartition(topic, KeyPartitioner.Partition(record.Key, partitions));
            var bytes = BacklogGate.LogBytes(record.Key, record.Value, record.Headers);
            result[i] = (partition, bytes);
            perPartition[partition] = perPartition.GetValueOrDefault(partition) + bytes;
        }
        if (backlog.TryReserve(perPartition) is { } full)
            throw new BrokerUnavailableException(
                $"The processors are {backlog.BacklogBytes(full)} bytes behind on {full.Topic}-{full.Partition.Value}, and the embedded broker keeps only ~5 MiB per partition; retry shortly.");
        return result;
    }

    /// <summary>
    /// Writes the events to one topic. Returns the acceptance of each event in order, or — when any
    /// record was not acknowledged — the failure with the acceptances of those that were.
    /// </summary>
    public async Task<BatchWrite> WriteBatchAsync(string topic, IReadOnlyList<EventCodec.Intake> events)
    {
        var records = new OutgoingRecord[events.Count];
        for (var i = 0; i < records.Length; i++)
        {
            var ev = events[i];
            records[i] = new OutgoingRecord(Key(ev.Key), ev.Payload, Headers(ev.EventId));
        }
        (TopicPartition? Partition, long Bytes)[] reserved;
        try
        {
            reserved = Reserve(topic, records);
        }
        catch (BrokerUnavailableException refused)
        {
            return new BatchWrite([], refused);
        }
        var outcome = await publisher.PublishBatchAsync(topic, records);
        for (var i = 0; i < reserved.Length; i++)
            if (reserved[i].Partition is { } partition) backlog.Settled(partition, reserved[i].Bytes, outcome.Deliveries[i]?.Offset);
        var accepted = new List<Accepted>(events.Count);
        for (var i = 0; i < events.Count; i++)
            if (outcome.Deliveries[i] is { } d) accepted.Add(new Accepted("accepted", events[i].EventId, d.Topic, d.Partition, d.Offset));
        return new BatchWrite(accepted, outcome.Failure);
    }

    private static byte[]? Key(string? key) => key is null ? null : Encoding.UTF8.GetBytes(key);

    private static Headers Headers(string eventId) => new()
    {
        { "event_id", Encoding.UTF8.GetBytes(eventId) },
        { "content-type", JsonContentType },
        { "source", GatewaySource },
    };
}

/// <summary>The acknowledged events of a batch (in request order) and the failure that stopped the others, if any.</summary>
public sealed record BatchWrite(IReadOnlyList<Accepted> Accepted, BrokerUnavailableException? Failure);
