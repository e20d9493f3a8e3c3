using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Streaming.Streams.Kafka;

namespace Streaming.Streams.Tests.Kafka;

/// <summary>An embedded broker and an actor system per test; helpers to produce and inspect.</summary>
internal sealed class KafkaTestBed : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private KafkaTestBed(string topic, int partitions)
    {
        Cluster = EmbeddedKafkaCluster.Start();
        Cluster.CreateTopic(topic, partitions);
        Topic = topic;
        Partitions = partitions;
        Actors = ActorSystem.Create("kafka-tests", "akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING");
        Materializer = Actors.Materializer();
    }

    public EmbeddedKafkaCluster Cluster { get; }
    public string Topic { get; }
    public int Partitions { get; }
    public ActorSystem Actors { get; }
    public IMaterializer Materializer { get; }

    public static KafkaTestBed Start(int partitions = 6) => new("events", partitions);

    public KafkaConsumerSettings Consumer(string group, GroupProtocol protocol = GroupProtocol.Classic) =>
        (KafkaConsumerSettings.Create(Cluster.BootstrapServers, group, Topic) with
        {
            GroupProtocol = protocol,
            Commit = new KafkaCommitterSettings { MaxBatch = 50, MaxInterval = TimeSpan.FromMilliseconds(100) },
        });

    public KafkaProducerSettings Producer() => new(Cluster.BootstrapServers);

    /// <summary>Produces <paramref name="count"/> records with distinct keys through the node's producer setup; returns where each landed.</summary>
    public async Task<IReadOnlyList<(Partition Partition, long Offset)>> Produce(int count, int firstKey = 0)
    {
        using var producer = Producer().CreateProducer();
        var reports = await Task.WhenAll(Enumerable.Range(firstKey, count)
                .Select(i => producer.ProduceAsync(Topic, new Message<byte[]?, byte[]> { Key = Bytes($"key-{i}"), Value = Bytes($"value-{i}") })))
            .WaitAsync(Patience);
        return [.. reports.Select(r => (r.Partition, r.Offset.Value))];
    }

    /// <summary>The group's committed next-to-read offset per partition (-1001 when none).</summary>
    public Dictionary<int, long> Committed(string group)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = group }).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Topic, p));
        return consumer.Committed(partitions, Patience).ToDictionary(o => o.Partition.Value, o => o.Offset.Value);
    }

    public static byte[] Bytes(string s) => global::System.Text.Encoding.UTF8.GetBytes(s);

    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Gave up waiting: " + what);
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Actors.Terminate().WaitAsync(Patience);
        Cluster.Dispose();
    }
}
