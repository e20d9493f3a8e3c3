using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Streaming.Kinesis.Tests.Support;

/// <summary>Reads a consumer group's committed offsets from the broker, independently of the forwarder's own view.</summary>
public static class GroupOffsets
{
    /// <summary>Committed offset per partition (-1001 when none).</summary>
    public static async Task<IReadOnlyDictionary<int, long>> ReadAsync(string bootstrap, string group, string topic, int partitions)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var request = new ConsumerGroupTopicPartitions(group, Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList());
        var result = await admin.ListConsumerGroupOffsetsAsync([request]);
        return result.Single().Partitions.ToDictionary(p => p.Partition.Value, p => p.Offset.Value);
    }
}
