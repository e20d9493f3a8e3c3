using System.Text;
using Confluent.Kafka;

namespace Streaming.Api.Ingest;

/// <summary>Writes validated events to Kafka with the gateway's standard headers.</summary>
public sealed class IngestService(EventPublisher publisher)
{
    private static readonly byte[] JsonContentType = Encoding.ASCII.GetBytes("application/json");
    private static readonly byte[] GatewaySource = Encoding.ASCII.GetBytes("streaming-gateway");

    public async Task<Accepted> WriteAsync(string topic, string eventId, string? key, byte[] payload, CancellationToken ct)
    {
        var delivery = await publisher.PublishAsync(topic, Key(key), payload, Headers(eventId), ct);
        return new Accepted("accepted", eventId, delivery.Topic, delivery.Partition, delivery.Offset);
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
        var outcome = await publisher.PublishBatchAsync(topic, records);
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
