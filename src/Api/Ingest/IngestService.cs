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
        var headers = new Headers
        {
            { "event_id", Encoding.UTF8.GetBytes(eventId) },
            { "content-type", JsonContentType },
            { "source", GatewaySource },
        };
        var delivery = await publisher.PublishAsync(topic, key is null ? null : Encoding.UTF8.GetBytes(key), payload, headers, ct);
        return new Accepted("accepted", eventId, delivery.Topic, delivery.Partition, delivery.Offset);
    }
}
