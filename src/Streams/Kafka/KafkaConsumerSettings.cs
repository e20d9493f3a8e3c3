using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>
/// Immutable settings of the committable Kafka sources. Offsets are only ever committed
/// explicitly (through <see cref="KafkaCommitter"/>): <c>enable.auto.commit</c> and
/// <c>enable.auto.offset.store</c> are forced off and cannot be overridden through
/// <see cref="Properties"/>.
/// </summary>
/// <remarks>
/// The default group protocol is the classic one with the cooperative-sticky assignor: it works
/// with every broker since Kafka 2.4 and rebalances incrementally (only moved partitions are
/// revoked). KIP-848 (<see cref="GroupProtocol.Consumer"/>) is also incremental and joins
/// faster, but needs Kafka 4.0+ brokers (and Confluent/MSK support varies), so it is opt-in.
/// </remarks>
public sealed record KafkaConsumerSettings
{
    public KafkaConsumerSettings(string bootstrapServers, string groupId, IReadOnlyList<string> topics)
    {
        BootstrapServers = bootstrapServers;
        GroupId = groupId;
        Topics = topics;
    }

    public static KafkaConsumerSettings Create(string bootstrapServers, string groupId, params string[] topics) =>
        new(bootstrapServers, groupId, topics);

    public string BootstrapServers { get; init; }
    public string GroupId { get; init; }
    public IReadOnlyList<string> Topics { get; init; }

    /// <summary>Extra librdkafka properties, applied before the settings below.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    public GroupProtocol GroupProtocol { get; init; } = GroupProtocol.Classic;

    /// <summary>Assignor of the classic protocol (ignored by KIP-848, whose assignor runs on the broker).</summary>
    public PartitionAssignmentStrategy AssignmentStrategy { get; init; } = PartitionAssignmentStrategy.CooperativeSticky;

    public AutoOffsetReset AutoOffsetReset { get; init; } = AutoOffsetReset.Earliest;

    /// <summary>
    /// The application, not the group's committed offset, decides where each assigned partition starts
    /// (<see cref="AssignedPartition.StartFrom"/>): nothing is delivered from a partition before it was told, as with
    /// Flink's checkpointed offsets or Alpakka Kafka's manual-offset sources. Set by <see cref="KafkaConsumer.ManualPartitionedSource"/>.
    /// </summary>
    public bool ManualStart { get; init; }

    /// <summary>A partition is paused when its sub-source holds this many undelivered messages.</summary>
    public int MaxBufferedPerPartition { get; init; } = 1000;

    /// <summary>A paused partition is resumed once its buffer drained to this many (default: half).</summary>
    public int? ResumeAtBuffered { get; init; }

    /// <summary>
    /// Longest blocking <c>Consume</c> call; commands (pause, resume, commit, stop) wait at most
    /// this long when no records arrive.
    /// </summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Wait before retrying a commit that failed with a retriable error.</summary>
    public TimeSpan CommitRetryBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Batching of the committer that commits this consumer's offsets.</summary>
    public KafkaCommitterSettings Commit { get; init; } = KafkaCommitterSettings.Default;

    /// <summary>Breadth of <see cref="KafkaConsumer.CommittableSource"/>: must cover the partitions one member can own.</summary>
    public int MaxPartitions { get; init; } = 1024;

    internal int ResumeThreshold => ResumeAtBuffered ?? MaxBufferedPerPartition / 2;

    public KafkaConsumerSettings WithProperty(string key, string value) =>
        this with { Properties = new Dictionary<string, string>(Properties) { [key] = value } };

    public KafkaConsumerSettings Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(BootstrapServers, nameof(BootstrapServers));
        ArgumentException.ThrowIfNullOrWhiteSpace(GroupId, nameof(GroupId));
        if (Topics is null || Topics.Count == 0 || Topics.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("At least one non-empty topic is required.", nameof(Topics));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBufferedPerPartition, 1, nameof(MaxBufferedPerPartition));
        ArgumentOutOfRangeException.ThrowIfNegative(ResumeThreshold, nameof(ResumeAtBuffered));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ResumeThreshold, MaxBufferedPerPartition, nameof(ResumeAtBuffered));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollTimeout, TimeSpan.Zero, nameof(PollTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPartitions, 1, nameof(MaxPartitions));
        Commit.Validate();
        return this;
    }

    public ConsumerConfig ToConsumerConfig()
    {
        var config = new ConsumerConfig(Properties.ToDictionary(p => p.Key, p => p.Value))
        {
            BootstrapServers = BootstrapServers,
            GroupId = GroupId,
            GroupProtocol = GroupProtocol,
            AutoOffsetReset = AutoOffsetReset,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = false,
        };
        if (GroupProtocol == GroupProtocol.Classic)
            config.PartitionAssignmentStrategy = AssignmentStrategy;
        return config;
    }
}
