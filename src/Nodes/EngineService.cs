using Akka.Actor;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Streaming.Engine.Hosting;
using Streaming.Engine.Processing;
using Streaming.Engine.State;
using Streaming.Streams.Broker;
using Streaming.Streams.Kafka;

namespace Streaming.Nodes;

/// <summary>Starts the processing pipeline once this node is an Up member of the cluster (processor role), and drains it on a graceful stop.</summary>
public sealed class EngineService(ActorSystem system, EngineParts parts, StateBackend backend, KafkaEndpoint kafka, IOptions<KafkaOptions> kafkaOptions,
    TopicAdmin topics, StreamInspector streams, EngineOptions engine, EventTimeOptions eventTime, NodeClusterOptions cluster, EngineMetrics metrics,
    ILogger<EngineService> logger, ILoggerFactory loggers) : BackgroundService
{
    private EngineRunner? _runner;
    private IProducer<byte[]?, byte[]>? _producer;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!engine.Enabled || !cluster.EffectiveRoles.Contains(EngineShards.ProcessorRole))
        {
            logger.LogInformation("Processing is off on this node (Enabled={Enabled}, roles {Roles})", engine.Enabled, string.Join(",", cluster.EffectiveRoles));
            return;
        }
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(stoppingToken);
        var regions = await parts.RegionsAsync(stoppingToken);
        var partitionCounts = parts.InputTopics.ToDictionary(topic => topic, topic => topics.PartitionCount(topic, TimeSpan.FromSeconds(10)) is var n and > 0
            ? n
            : throw new InvalidOperationException($"Topic {topic} does not exist"), StringComparer.Ordinal);
        var engineLog = loggers.CreateLogger("Streaming.Engine");
        var client = kafkaOptions.Value.Client;
        _producer = new KafkaProducerSettings(kafka.BootstrapServers) { Properties = client, LingerMs = engine.ProducerLinger.TotalMilliseconds }.CreateProducer(engineLog);
        var consumer = new KafkaConsumerSettings(kafka.BootstrapServers, engine.GroupId, parts.InputTopics)
        {
            Properties = client,
            GroupProtocol = string.Equals(engine.GroupProtocol, "classic", StringComparison.OrdinalIgnoreCase) ? GroupProtocol.Classic : GroupProtocol.Consumer,
            MaxBufferedPerPartition = engine.MaxBufferedPerPartition,
        };
        const string fetchWait = "fetch.wait.max.ms";
        if (!client.ContainsKey(fetchWait))
            consumer = consumer.WithProperty(fetchWait, ((int)engine.FetchWaitMax.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var services = new ProcessorServices(backend, new KafkaResultSink(_producer), streams, kafka.IsEmbedded, engine, eventTime, metrics, TimeProvider.System,
            engineLog, Akka.Cluster.Cluster.Get(system).SelfAddress.ToString());
        _runner = new EngineRunner(system, consumer, parts.Analytics, regions, partitionCounts, services, new ShardPlacement(system, engineLog));
        logger.LogInformation("Processing {Topics} as group {Group} (checkpoint every {Interval})", string.Join(", ", parts.InputTopics), engine.GroupId, engine.CheckpointInterval);
        await _runner.Completion.WaitAsync(stoppingToken);
    }

    /// <summary>A graceful stop drains first: every partition checkpoints what it processed, so a restart replays nothing.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_runner is not null)
        {
            await _runner.DrainAsync();
            await _runner.DisposeAsync();
        }
        if (_producer is not null)
        {
            _producer.Flush(TimeSpan.FromSeconds(5));
            _producer.Dispose();
        }
        await base.StopAsync(cancellationToken);
    }
}
