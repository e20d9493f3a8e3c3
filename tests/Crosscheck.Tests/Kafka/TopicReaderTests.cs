using System.Text;
using Confluent.Kafka;
using Streaming.Crosscheck.Kafka;
using Streaming.TestSupport;

namespace Streaming.Crosscheck.Tests.Kafka;

public sealed class TopicReaderTests
{
    [Fact]
    public async Task A_topic_is_read_whole_per_partition_in_offset_order_with_keys_and_headers()
    {
        using var kafka = ExternalKafka.Start(partitions: 3);
        kafka.CreateTopic("reader_test");
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            for (var i = 0; i < 30; i++)
            {
                await producer.ProduceAsync(new TopicPartition("reader_test", i % 3), new Message<string, string>
                {
                    Key = $"k{i}", Value = $"v{i}", Headers = [new Header("result_id", Encoding.UTF8.GetBytes($"r{i}"))],
                });
            }
        }

        var records = await TopicReader.ReadAsync(new TopicReaderOptions { BootstrapServers = kafka.BootstrapServers }, "reader_test");

        Assert.Equal(30, records.Count);
        Assert.Equal(
            Enumerable.Range(0, 30).Select(i => (i % 3, (long)(i / 3), $"k{i}", $"v{i}", $"r{i}")).OrderBy(r => r.Item1).ThenBy(r => r.Item2),
            records.Select(r => (r.Partition, r.Offset, Encoding.UTF8.GetString(r.Key!), Encoding.UTF8.GetString(r.Value!), r.Headers["result_id"])));
        Assert.Empty(await TopicReader.ReadAsync(new TopicReaderOptions { BootstrapServers = kafka.BootstrapServers }, "user_events"));
    }

    [Fact]
    public async Task Reading_without_bootstrap_servers_is_refused() =>
        await Assert.ThrowsAsync<ArgumentException>(() => TopicReader.ReadAsync(new TopicReaderOptions(), "user_events"));
}
