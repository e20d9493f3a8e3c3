using Amazon.Kinesis;
using Streaming.Streams.Kinesis;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Kinesis.Tests.Support;

/// <summary>Integration tests share the machine's two cores with other work: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IntegrationTests
{
    public const string Name = "kinesis integration";
}

/// <summary>
/// One forwarding test's world: the embedded Kafka broker with a fresh topic, kinesalite with a stream,
/// optionally the throttling proxy in between, and a client straight to the emulator for reading back.
/// </summary>
public sealed class Rig : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly List<KafkaToKinesisForwarder> _forwarders = [];

    private Rig(ITestOutputHelper output, ExternalKafka kafka, Kinesalite kinesalite, ThrottlingProxy? proxy, string topic, string stream)
    {
        Output = output;
        Kafka = kafka;
        Kinesalite = kinesalite;
        Proxy = proxy;
        Topic = topic;
        Stream = stream;
        Logs = new TestOutputLoggerFactory(output);
        Reader = KinesisClientFactory.Create(KinesisOptions.ForEmulator(kinesalite.Endpoint));
    }

    public ITestOutputHelper Output { get; }
    public ExternalKafka Kafka { get; }
    public Kinesalite Kinesalite { get; }
    public ThrottlingProxy? Proxy { get; }
    public string Topic { get; }
    public string Stream { get; }
    public TestOutputLoggerFactory Logs { get; }

    /// <summary>Straight to the emulator (never through the proxy).</summary>
    public IAmazonKinesis Reader { get; }

    /// <summary>Where the forwarder sends: the proxy when there is one.</summary>
    public string Endpoint => Proxy?.Endpoint ?? Kinesalite.Endpoint;

    public static async Task<Rig> StartAsync(ITestOutputHelper output, int partitions = 3, int shards = 2, bool persistent = false, bool proxy = false)
    {
        var topic = "fwd-" + Guid.NewGuid().ToString("N")[..8];
        var stream = "stream-" + Guid.NewGuid().ToString("N")[..8];
        var kafka = ExternalKafka.Start(partitions, extraTopics: [topic]);
        var kinesalite = await Kinesalite.StartAsync(persistent);
        var rig = new Rig(output, kafka, kinesalite, proxy ? ThrottlingProxy.Start(kinesalite.Endpoint) : null, topic, stream);
        using var admin = KinesisAdmin.Create(KinesisOptions.ForEmulator(kinesalite.Endpoint));
        await admin.CreateStreamAsync(stream, shards);
        return rig;
    }

    /// <summary>Emulator options with short backoffs (the defaults suit AWS, not a test).</summary>
    public KinesisOptions Options(RetryPolicy? retry = null) => KinesisOptions.ForEmulator(Endpoint) with
    {
        Retry = retry ?? new RetryPolicy { BaseBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(500) },
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    public ForwardingSettings Settings => new()
    {
        BootstrapServers = Kafka.BootstrapServers,
        CommitInterval = TimeSpan.FromMilliseconds(200),
        WatermarkRefreshInterval = TimeSpan.FromMilliseconds(200),
        StopTimeout = TimeSpan.FromSeconds(15),
    };

    public ForwardingDefinition Definition => new(Topic, Stream);

    public KafkaToKinesisForwarder StartForwarder(KinesisOptions? options = null, ForwardingSettings? settings = null, ForwardingDefinition? definition = null)
    {
        var forwarder = new KafkaToKinesisForwarder(definition ?? Definition, settings ?? Settings, options ?? Options(), loggerFactory: Logs);
        _forwarders.Add(forwarder);
        forwarder.Start();
        return forwarder;
    }

    public Task<IReadOnlyList<Produced>> ProduceAsync(IEnumerable<(byte[]? Key, byte[] Value)> records, int messageMaxBytes = 1_000_000) =>
        KafkaData.ProduceAsync(Kafka.BootstrapServers, Topic, records, messageMaxBytes);

    /// <summary>Waits until the forwarder has committed past the last produced record of every partition: then
    /// Kinesis accepted (or the dead-letter topic took) every record.</summary>
    public static Task<ForwarderStatus> CommittedAsync(KafkaToKinesisForwarder forwarder, IReadOnlyList<Produced> produced)
    {
        var ends = produced.GroupBy(p => p.Partition).ToDictionary(g => g.Key, g => g.Max(p => p.Offset) + 1);
        return Eventually.Value(
            forwarder.Status,
            s => ends.All(e => s.Partitions.Any(p => p.Partition == e.Key && p.CommittedOffset == e.Value)),
            Patience,
            "the forwarder committed every produced record");
    }

    public Task<IReadOnlyList<StreamRecord>> ReadStreamAsync() => SdkReader.ReadAllAsync(Reader, Stream);

    public async ValueTask DisposeAsync()
    {
        foreach (var forwarder in _forwarders) await forwarder.DisposeAsync();
        if (Proxy is not null) await Proxy.DisposeAsync();
        Reader.Dispose();
        await Kinesalite.DisposeAsync();
        Kafka.Dispose();
    }
}
