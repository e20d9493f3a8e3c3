using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using Streaming.Actors.Engine;
using Streaming.Actors.Entities;
using Streaming.Streams.Broker;

namespace Streaming.Nodes;

/// <summary>Starts the processing pipeline once this node is an Up member of the cluster (processor role).</summary>
public sealed class EngineService(ActorSystem system, ActorRegistry registry, KafkaEndpoint kafka, IOptions<KafkaOptions> kafkaOptions,
    EngineOptions engine, AnalyticsOptions analytics, NodeClusterOptions cluster, EngineMetrics metrics, ILogger<EngineService> logger) : BackgroundService
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
        var users = await registry.GetAsync<UserSessionRegion>(stoppingToken);
        var checkpoints = await registry.GetAsync<PartitionCheckpointRegion>(stoppingToken);
        _runner = new EngineRunner(system, kafka.BootstrapServers, kafkaOptions.Value.Client, users, checkpoints, engine, analytics, metrics, TimeProvider.System);
        logger.LogInformation("Processing user_events as group {Group} (checkpoint every {Interval})", engine.GroupId, engine.CheckpointInterval);
        await _runner.Completion.WaitAsync(stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_runner is not null) await _runner.DisposeAsync();
        await base.StopAsync(cancellationToken);
    }
}
