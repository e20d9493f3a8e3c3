using Confluent.Kafka;

namespace Streaming.Streams.Kinesis;

/// <summary>
/// How forwardings run: shared by every forwarding of a <see cref="ForwardingManager"/>. Bound by the
/// node from configuration section <c>Streaming:KinesisForwarding</c>; Kinesis connection, batch
/// limits and retry policy are <see cref="KinesisOptions"/>.
/// </summary>
public sealed record ForwardingSettings
{
    /// <summary>Kafka bootstrap servers (the node passes its own Kafka's).</summary>
    public string BootstrapServers { get; init; } = "";

    /// <summary>Group protocol: KIP-848 <c>consumer</c> (Kafka 4.0+ and the embedded broker) or <c>classic</c>
    /// (cooperative-sticky).</summary>
    public GroupProtocol GroupProtocol { get; init; } = GroupProtocol.Consumer;

    /// <summary>Extra librdkafka properties of the consumers and the dead-letter producer (security, timeouts).</summary>
    public IReadOnlyDictionary<string, string> KafkaProperties { get; init; } = new Dictionary<string, string>();

    /// <summary>Kafka topic that receives a report of every poison record (too large for Kinesis, or refused by it
    /// as invalid); empty reports them only in the log and the status. A forwarding does not commit past a
    /// poison record before its report is acknowledged.</summary>
    public string DeadLetterTopic { get; init; } = "dead_letters";

    /// <summary>Consumed records one forwarding holds in memory (waiting, in flight or retrying); consumption
    /// pauses beyond it and resumes at half.</summary>
    public int MaxBufferedRecords { get; init; } = 20_000;

    /// <summary>PutRecords requests one forwarding keeps in flight. Requests in flight never share a partition key.</summary>
    public int MaxInFlightRequests { get; init; } = 4;

    /// <summary>How often accepted progress is committed to Kafka (also on stop and on partition revocation).</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest a consumer fetch waits at the broker for new records (librdkafka <c>fetch.wait.max.ms</c>; an entry
    /// in <see cref="KafkaProperties"/> wins). It bounds how late a record is seen when the forwarding is caught up:
    /// the embedded broker holds every waiting fetch this long even when records arrive meanwhile.</summary>
    public TimeSpan FetchWaitMax { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the partitions' high watermarks and committed offsets are read for the lag in the status
    /// (through a client of their own, so a slow answer never delays consumption).</summary>
    public TimeSpan WatermarkRefreshInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stop (or a revocation) waits for requests in flight; records still unanswered then are
    /// not committed and are forwarded again by the next run.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public ForwardingSettings Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(BootstrapServers, nameof(BootstrapServers));
        ArgumentNullException.ThrowIfNull(KafkaProperties, nameof(KafkaProperties));
        ArgumentNullException.ThrowIfNull(DeadLetterTopic, nameof(DeadLetterTopic));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBufferedRecords, BatchLimits.KinesisMaxRecords, nameof(MaxBufferedRecords));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlightRequests, 1, nameof(MaxInFlightRequests));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CommitInterval, TimeSpan.Zero, nameof(CommitInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(FetchWaitMax, TimeSpan.Zero, nameof(FetchWaitMax));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WatermarkRefreshInterval, TimeSpan.Zero, nameof(WatermarkRefreshInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StopTimeout, TimeSpan.Zero, nameof(StopTimeout));
        return this;
    }
}
