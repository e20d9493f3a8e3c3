namespace Streaming.Streams.Broker;

/// <summary>Settings of section <c>Streaming:Kafka</c> (environment: <c>Streaming__Kafka__…</c>).</summary>
public sealed record KafkaOptions
{
    public const string Section = "Streaming:Kafka";

    /// <summary>Bootstrap servers of a real cluster; empty starts the embedded broker in-process.</summary>
    public string BootstrapServers { get; init; } = "";

    /// <summary>Partitions of each topic the node creates.</summary>
    public int Partitions { get; init; } = 6;

    /// <summary>Replication factor of each topic the node creates (capped by the broker count).</summary>
    public short ReplicationFactor { get; init; } = 1;

    /// <summary>Brokers of the embedded cluster.</summary>
    public int EmbeddedBrokers { get; init; } = 1;

    /// <summary>
    /// Producer linger of the gateway: how long a record may wait to fill a batch. Each request waits
    /// for its acknowledgement, so the linger is in every request's latency; under load batches fill
    /// anyway, so a short linger costs no throughput (docs/benchmarks.md, gateway).
    /// </summary>
    public int LingerMs { get; init; } = 1;

    /// <summary>How long the producer keeps trying to deliver a record before the request fails with 503.</summary>
    public int DeliveryTimeoutMs { get; init; } = 10_000;

    /// <summary>Upper bound of the producer's in-flight memory; beyond it requests get 503 instead of queueing.</summary>
    public int MaxInFlightKBytes { get; init; } = 65_536;

    /// <summary>Whether the node creates the SPEC topics at start when they are missing.</summary>
    public bool CreateTopics { get; init; } = true;

    /// <summary>Extra librdkafka properties for every client (e.g. security settings of a real cluster).</summary>
    public Dictionary<string, string> Client { get; init; } = new();
}
