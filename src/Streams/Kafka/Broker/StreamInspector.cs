using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Streaming.Streams.Broker;

/// <summary>
/// Facts about the stream a processor resumes: the identity of the cluster and topic, a partition's log range, and
/// whether the broker is librdkafka's mock (the embedded broker, in this process or another), which keeps only
/// about 5 MiB per partition and forgets everything when it stops.
/// </summary>
public sealed class StreamInspector(TopicAdmin admin) : IStreamFacts
{
    /// <summary>The prefix of every cluster id librdkafka's mock cluster reports.</summary>
    public const string MockClusterPrefix = "mockCluster";

    // Asked once; two callers racing both ask, and get the same answer.
    private volatile string? _clusterId;

    public async Task<string> ClusterIdAsync(CancellationToken ct = default)
    {
        if (_clusterId is { } known) return known;
        var cluster = await admin.Client.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = TimeSpan.FromSeconds(10) }).WaitAsync(ct);
        return _clusterId = cluster.ClusterId ?? throw new InvalidOperationException("The Kafka cluster reported no cluster id.");
    }

    public async Task<bool> IsMockAsync(CancellationToken ct = default) =>
        (await ClusterIdAsync(ct)).StartsWith(MockClusterPrefix, StringComparison.Ordinal);

    /// <summary>The identity of a topic as the broker reports it now (asked every time: a topic can be re-created).</summary>
    public async Task<StreamIdentity> IdentityAsync(string topic, CancellationToken ct = default)
    {
        var cluster = await ClusterIdAsync(ct);
        var described = await admin.Client.DescribeTopicsAsync(TopicCollection.OfTopicNames([topic]),
            new DescribeTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(10) }).WaitAsync(ct);
        var description = described.TopicDescriptions.Single(d => d.Name == topic);
        if (description.Error.IsError) throw new KafkaException(description.Error);
        return new StreamIdentity(cluster, description.TopicId.ToString());
    }

    /// <summary>The partition's log range: the earliest offset still kept and the next offset to be written.</summary>
    public async Task<LogRange> RangeAsync(TopicPartition partition, CancellationToken ct = default)
    {
        var options = new ListOffsetsOptions { RequestTimeout = TimeSpan.FromSeconds(10) };
        var earliest = admin.Client.ListOffsetsAsync([new TopicPartitionOffsetSpec { TopicPartition = partition, OffsetSpec = OffsetSpec.Earliest() }], options);
        var latest = admin.Client.ListOffsetsAsync([new TopicPartitionOffsetSpec { TopicPartition = partition, OffsetSpec = OffsetSpec.Latest() }], options);
        var low = (await earliest.WaitAsync(ct)).ResultInfos.Single().TopicPartitionOffsetError.Offset.Value;
        var high = (await latest.WaitAsync(ct)).ResultInfos.Single().TopicPartitionOffsetError.Offset.Value;
        return new LogRange(low, high);
    }
}
