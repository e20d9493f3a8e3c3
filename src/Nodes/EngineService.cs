using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using Streaming.Actors.Engine;
using Streaming.Actors.Entities;
using Streaming.Streams.Broker;
using Streaming.Streams.Contracts;

namespace Streaming.Nodes;

/// <summary>Starts the processing pipeline once this node is an Up member of the cluster (processor role).</summary>
public sealed class EngineService(ActorSystem system, ActorRegistry registry, KafkaEndpoint kafka, IOptions<KafkaOptions> kafkaOptions,
    TopicAdmin topics, StreamInspector streams, EngineOptions engine, AnalyticsOptions analytics, NodeClusterOptions cluster, EngineMetrics metrics,
    ILogger<EngineService> logger, ILoggerFactory loggers) : BackgroundService
{
    private EngineRunner? _runner;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!engine.Enabled || !cluster.EffectiveRoles.Contains("processor"))
        {
            logger.LogInformation("Processing is off on this node (Enabled={Enabled}, roles {Roles})", engine.Enabled, string.Join(",", cluster.EffectiveRoles));
            return;
        }
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(stoppingToken);
        var productPartitions = topics.ListTopics(TimeSpan.FromSeconds(10)).FirstOrDefault(t => t.Name == TopicNames.ProductAnalytics)?.Partitions
            ?? throw new InvalidOperationException($"Topic {TopicNames.ProductAnalytics} does not exist");
        var regions = new EngineRegions(
            await registry.GetAsync<PartitionCheckpointRegion>(stoppingToken),
            await registry.GetAsync<UserSessionRegion>(stoppingToken),
            await registry.GetAsync<ProductWindowsRegion>(stoppingToken),
            await registry.GetAsync<UserAnomalyRegion>(stoppingToken),
            await registry.GetAsync<OrderLifecycleRegion>(stoppingToken),
            await registry.GetAsync<TrendingRegion>(stoppingToken),
            productPartitions);
        _runner = new EngineRunner(system, kafka.BootstrapServers, kafkaOptions.Value.Client, regions, engine, analytics, metrics, TimeProvider.System,
            streams, kafka.IsEmbedded, loggers.CreateLogger("Streaming.Engine"));
        logger.LogInformation("Processing {Topics} as group {Group} (checkpoint every {Interval})", string.Join(", ", TopicNames.InputTopics), engine.GroupId, engine.CheckpointInterval);
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
        await base.StopAsync(cancellationToken);
    }
}
