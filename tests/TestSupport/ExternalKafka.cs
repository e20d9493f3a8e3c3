using Streaming.Streams.Contracts;
using Streaming.Streams.Kafka;

namespace Streaming.TestSupport;

/// <summary>
/// The embedded (librdkafka mock) broker hosted by the test process, so it outlives node
/// processes the test kills and restarts. All SPEC input and result topics exist from the start.
/// </summary>
public sealed class ExternalKafka : IDisposable
{
    private ExternalKafka(EmbeddedKafkaCluster cluster, int partitions)
    {
        Cluster = cluster;
        Partitions = partitions;
    }

    public EmbeddedKafkaCluster Cluster { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>Partitions of every topic created here (unless given explicitly).</summary>
    public int Partitions { get; }

    /// <summary>Starts the broker and creates <see cref="TopicNames.InputTopics"/>, <see cref="TopicNames.ResultTopics"/>
    /// and <paramref name="extraTopics"/> with <paramref name="partitions"/> partitions each.</summary>
    public static ExternalKafka Start(int partitions = 3, int brokers = 1, IEnumerable<string>? extraTopics = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var cluster = EmbeddedKafkaCluster.Start(brokers);
        try
        {
            var kafka = new ExternalKafka(cluster, partitions);
            foreach (var topic in TopicNames.InputTopics.Concat(TopicNames.ResultTopics).Concat(extraTopics ?? []).Distinct(StringComparer.Ordinal))
                kafka.CreateTopic(topic);
            return kafka;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public void CreateTopic(string name, int? partitions = null) => Cluster.CreateTopic(name, partitions ?? Partitions);

    /// <summary>Environment that points a node process at this broker:
    /// <c>Streaming__Kafka__BootstrapServers</c> and <c>Streaming__Kafka__Partitions</c>.</summary>
    public IReadOnlyDictionary<string, string> NodeEnvironment => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Streaming__Kafka__BootstrapServers"] = BootstrapServers,
        ["Streaming__Kafka__Partitions"] = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public void Dispose() => Cluster.Dispose();
}
