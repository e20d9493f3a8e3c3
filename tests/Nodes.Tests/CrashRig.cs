using Confluent.Kafka;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Nodes.Tests;

/// <summary>
/// What the SIGKILL tests share: a broker and a PostgreSQL journal that outlive the node, the node
/// as a child process with short event-time settings, a producer, and "kill a processing node,
/// start another" three times.
/// </summary>
public sealed class CrashRig : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly ITestOutputHelper _output;

    private CrashRig(ExternalKafka kafka, PostgresServer postgres, Dictionary<string, string> environment, ITestOutputHelper output)
    {
        Kafka = kafka;
        Postgres = postgres;
        _environment = environment;
        _output = output;
    }

    public ExternalKafka Kafka { get; }
    public PostgresServer Postgres { get; }
    public NodeProcess Node { get; private set; } = null!;

    public static async Task<CrashRig> StartAsync(IReadOnlyDictionary<string, string> settings, ITestOutputHelper output)
    {
        var kafka = ExternalKafka.Start(partitions: 3);
        var postgres = await PostgresServer.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["Streaming__Persistence__Provider"] = "postgresql",
            ["Streaming__Persistence__ConnectionString"] = await postgres.CreateDatabaseAsync("streaming"),
            ["Streaming__Analytics__OutOfOrderness"] = "00:00:01",
            ["Streaming__Analytics__IdleAfter"] = "00:00:02",
            ["Streaming__Engine__CheckpointInterval"] = "00:00:02",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings) environment[key] = value;
        var rig = new CrashRig(kafka, postgres, environment, output);
        await rig.StartNodeAsync();
        return rig;
    }

    public IProducer<string, byte[]> Producer() => new ProducerBuilder<string, byte[]>(new ProducerConfig
    {
        BootstrapServers = Kafka.BootstrapServers, EnableIdempotence = true, Acks = Acks.All, Partitioner = Partitioner.Murmur2Random,
    }).Build();

    /// <summary>Three times: wait until the node is processing, SIGKILL it at a different point of its checkpoint interval, start a new one.</summary>
    public async Task KillThreeTimesAsync(Func<NodeProcess, Task> untilProcessing)
    {
        for (var kill = 1; kill <= 3; kill++)
        {
            await untilProcessing(Node);
            await Task.Delay(TimeSpan.FromMilliseconds(200 + (500 * kill)));
            Node.Kill();
            _output.WriteLine($"killed node #{kill} at {DateTime.UtcNow:HH:mm:ss.fff}");
            await Node.DisposeAsync();
            await StartNodeAsync();
        }
    }

    private async Task StartNodeAsync()
    {
        Node = NodeProcess.Start(Kafka, _environment);
        (await Node.WaitForHttpAsync("/health/")).Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Node is not null) await Node.DisposeAsync();
        await Postgres.DisposeAsync();
        Kafka.Dispose();
    }
}
