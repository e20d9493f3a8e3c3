using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streaming.Streams.Kafka;

/// <summary>
/// The one producer setup of the node (gateway and engine): idempotent, acks=all, and
/// <see cref="Partitioner.Murmur2Random"/> so keyed records land on the partition a Java client would choose; errors
/// and librdkafka's warnings go to the node's log instead of stderr.
/// </summary>
public sealed record KafkaProducerSettings
{
    public KafkaProducerSettings(string bootstrapServers) => BootstrapServers = bootstrapServers;

    public string BootstrapServers { get; init; }

    /// <summary>Extra librdkafka properties, applied before the settings below.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    public bool EnableIdempotence { get; init; } = true;
    public Acks Acks { get; init; } = Acks.All;
    public Partitioner Partitioner { get; init; } = Partitioner.Murmur2Random;
    public double LingerMs { get; init; } = 5;

    /// <summary>How long the producer keeps trying to deliver a record before it reports the record failed (librdkafka <c>message.timeout.ms</c>).</summary>
    public int DeliveryTimeoutMs { get; init; } = 30_000;

    /// <summary>Upper bound of the producer's queued memory (librdkafka <c>queue.buffering.max.kbytes</c>); beyond it sends fail at once.</summary>
    public int MaxQueuedKBytes { get; init; } = 1_048_576;

    /// <summary>Fields delivery reports carry (librdkafka <c>delivery.report.fields</c>); partition, offset and error always come.</summary>
    public string DeliveryReportFields { get; init; } = "all";

    public KafkaProducerSettings WithProperty(string key, string value) =>
        this with { Properties = new Dictionary<string, string>(Properties) { [key] = value } };

    public KafkaProducerSettings Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(BootstrapServers, nameof(BootstrapServers));
        return this;
    }

    public ProducerConfig ToProducerConfig() =>
        new(Properties.ToDictionary(p => p.Key, p => p.Value))
        {
            BootstrapServers = BootstrapServers,
            EnableIdempotence = EnableIdempotence,
            Acks = Acks,
            Partitioner = Partitioner,
            LingerMs = LingerMs,
            MessageTimeoutMs = DeliveryTimeoutMs,
            QueueBufferingMaxKbytes = MaxQueuedKBytes,
            QueueBufferingMaxMessages = 1_000_000,
            DeliveryReportFields = DeliveryReportFields,
        };

    public IProducer<byte[]?, byte[]> CreateProducer(ILogger? logger = null)
    {
        var builder = new ProducerBuilder<byte[]?, byte[]>(ToProducerConfig());
        if (logger is not null)
        {
            builder.SetErrorHandler((_, e) => logger.LogWarning("Kafka producer error {Code}: {Reason}", e.Code, e.Reason))
                .SetLogHandler((_, m) =>
                {
                    if (m.Level <= SyslogLevel.Warning) logger.LogWarning("librdkafka {Facility}: {Message}", m.Facility, m.Message);
                });
        }
        return builder.Build();
    }
}
