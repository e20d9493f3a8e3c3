using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>
/// Producer defaults: idempotent, acks=all, and <see cref="Partitioner.Murmur2Random"/> so keyed
/// records land on the partition a Java client would choose.
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

    /// <summary>Records in flight (sent, not yet acknowledged) per stream stage.</summary>
    public int Parallelism { get; init; } = 1000;

    /// <summary>How long a stage that owns its producer waits for outstanding deliveries when it stops.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public KafkaProducerSettings WithProperty(string key, string value) =>
        this with { Properties = new Dictionary<string, string>(Properties) { [key] = value } };

    public KafkaProducerSettings Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(BootstrapServers, nameof(BootstrapServers));
        ArgumentOutOfRangeException.ThrowIfLessThan(Parallelism, 1, nameof(Parallelism));
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
        };

    public IProducer<byte[]?, byte[]> CreateProducer() =>
        new ProducerBuilder<byte[]?, byte[]>(ToProducerConfig()).Build();
}
