using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Streams.Kafka;

namespace Streaming.Streams.Broker;

/// <summary>
/// Where Kafka is: a configured cluster, or — when no bootstrap servers are configured — the
/// embedded mock cluster this object starts and owns. Every Kafka client of the node gets its
/// base configuration here so that one setting switches the whole node between the two.
/// </summary>
public sealed class KafkaEndpoint : IDisposable
{
    private readonly EmbeddedKafkaCluster? _embedded;
    private readonly KafkaOptions _options;

    public KafkaEndpoint(IOptions<KafkaOptions> options, ILogger<KafkaEndpoint> logger)
    {
        _options = options.Value;
        if (string.IsNullOrWhiteSpace(_options.BootstrapServers))
        {
            _embedded = EmbeddedKafkaCluster.Start(Math.Max(1, _options.EmbeddedBrokers));
            BootstrapServers = _embedded.BootstrapServers;
            logger.LogInformation("Embedded Kafka broker started at {BootstrapServers} (keeps ~5 MiB per partition; set Streaming__Kafka__BootstrapServers for a real cluster)", BootstrapServers);
        }
        else
        {
            BootstrapServers = _options.BootstrapServers;
            logger.LogInformation("Using Kafka cluster at {BootstrapServers}", BootstrapServers);
        }
    }

    public string BootstrapServers { get; }

    public bool IsEmbedded => _embedded is not null;

    /// <summary>The embedded cluster, for admin calls the mock does not support through the protocol.</summary>
    public EmbeddedKafkaCluster? Embedded => _embedded;

    public KafkaOptions Options => _options;

    /// <summary>Base client configuration: bootstrap servers plus the configured extra properties.</summary>
    public T Configure<T>(T config) where T : ClientConfig
    {
        config.BootstrapServers = BootstrapServers;
        foreach (var (key, value) in _options.Client) config.Set(key, value);
        return config;
    }

    public void Dispose() => _embedded?.Dispose();
}
