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
    TopicAdmin topics, EngineOptions engine, AnalyticsOptions analytics, NodeClusterOptions cluster, EngineMetrics metrics, ILogger<EngineService> logger) : BackgroundService
{
    private EngineRunner? _runner;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!engine.Enabled || !cluster.Roles.Contains("processor"))
        {
            logger.LogInformation("Processing is off on this node (Enabled={Enabled}, roles {Roles})", engine.Enabled, string.Join(",", cluster.Roles));
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
        _runner = new EngineRunner(system, kafka.BootstrapServers, kafkaOptions.Value.Client, regions, engine, analytics, metrics, TimeProvider.System);
        logger.LogInformation("Processing {Topics} as group {Group} (checkpoint every {Interval})", string.Join(", ", TopicNames.InputTopics), engine.GroupId, engine.CheckpointInterval);
        await _runner.Completion.WaitAsync(stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_runner is not null) await _runner.DisposeAsync();
        await base.StopAsync(cancellationToken);
    }
}
