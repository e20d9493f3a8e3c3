using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streaming.Streams.Broker;

namespace Streaming.Api.Ingest;

/// <summary>
/// The node's one shared producer: idempotent, acks=all, Java-compatible murmur2 partitioning,
/// bounded in-flight memory. A request completes only once Kafka acknowledged its record;
/// anything else surfaces as <see cref="BrokerUnavailableException"/>, never as a silent drop.
/// </summary>
public sealed class EventPublisher : IDisposable
{
    private readonly KafkaEndpoint _endpoint;
    private readonly ILogger<EventPublisher> _logger;
    private readonly ConcurrentDictionary<string, long> _produced = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private IProducer<byte[]?, byte[]> _producer;

    public EventPublisher(KafkaEndpoint endpoint, ILogger<EventPublisher> logger)
    {
        _endpoint = endpoint;
        _logger = logger;
        _producer = Build();
    }

    /// <summary>Records acknowledged per topic since start.</summary>
    public IReadOnlyDictionary<string, long> Produced => _produced;

    public async Task<Delivery> PublishAsync(string topic, byte[]? key, byte[] value, Headers headers, CancellationToken ct = default)
    {
        var message = new Message<byte[]?, byte[]> { Key = key, Value = value, Headers = headers };
        try
        {
            var result = await Current().ProduceAsync(topic, message, ct);
            _produced.AddOrUpdate(topic, 1, (_, n) => n + 1);
            return new Delivery(topic, result.Partition.Value, result.Offset.Value);
        }
        catch (ProduceException<byte[]?, byte[]> e)
        {
            if (e.Error.IsFatal) Rebuild(e.Error);
            throw new BrokerUnavailableException(Describe(e.Error), e);
        }
        catch (KafkaException e)
        {
            if (e.Error.IsFatal) Rebuild(e.Error);
            throw new BrokerUnavailableException(Describe(e.Error), e);
        }
    }

    private static string Describe(Error error) => error.Code switch
    {
        ErrorCode.Local_QueueFull => "The gateway's Kafka send queue is full; retry shortly.",
        ErrorCode.Local_MsgTimedOut => "Kafka did not acknowledge the record in time (broker unreachable?); retry shortly.",
        ErrorCode.Local_AllBrokersDown => "No Kafka broker is reachable; retry shortly.",
        _ => $"Kafka did not accept the record: {error.Reason}",
    };

    private IProducer<byte[]?, byte[]> Current()
    {
        lock (_gate) return _producer;
    }

    private IProducer<byte[]?, byte[]> Build()
    {
        var options = _endpoint.Options;
        var config = _endpoint.Configure(new ProducerConfig
        {
            EnableIdempotence = true,
            Acks = Acks.All,
            Partitioner = Confluent.Kafka.Partitioner.Murmur2Random,
            LingerMs = options.LingerMs,
            MessageTimeoutMs = options.DeliveryTimeoutMs,
            QueueBufferingMaxKbytes = options.MaxInFlightKBytes,
            QueueBufferingMaxMessages = 1_000_000,
            CompressionType = CompressionType.None,
        });
        return new ProducerBuilder<byte[]?, byte[]>(config)
            .SetErrorHandler((_, e) => _logger.LogWarning("Kafka producer error {Code}: {Reason}", e.Code, e.Reason))
            .SetLogHandler((_, m) => { if (m.Level <= SyslogLevel.Warning) _logger.LogWarning("librdkafka {Facility}: {Message}", m.Facility, m.Message); })
            .Build();
    }

    /// <summary>An idempotent producer that hit a fatal error cannot send again; replace it.</summary>
    private void Rebuild(Error error)
    {
        lock (_gate)
        {
            _logger.LogError("Kafka producer failed fatally ({Reason}); replacing it", error.Reason);
            var old = _producer;
            _producer = Build();
            old.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _producer.Flush(TimeSpan.FromSeconds(5));
            _producer.Dispose();
        }
    }
}
