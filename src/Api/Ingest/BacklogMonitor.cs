using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Streams.Broker;
using Streaming.Streams.Contracts;

namespace Streaming.Api.Ingest;

/// <summary>
/// Keeps the <see cref="BacklogGate"/> informed: decides its limit once the broker is known (<see cref="ConfigureAsync"/>:
/// on the mock broker <see cref="GatewayOptions.EmbeddedBacklogBytes"/> by default, on a real cluster none unless
/// configured), then reads every input partition's log range and the processors' committed offsets every
/// <see cref="GatewayOptions.BacklogRefresh"/>.
/// </summary>
public sealed class BacklogMonitor(BacklogGate gate, TopicAdmin admin, StreamInspector streams, IOptions<GatewayOptions> options,
    ProcessorGroup processors, ILogger<BacklogMonitor> logger) : BackgroundService
{
    /// <summary>Decides the gate's limit once the broker is known; the node calls it before it serves ingest.</summary>
    public async Task ConfigureAsync(CancellationToken ct = default)
    {
        var limit = options.Value.BacklogLimitBytes;
        if (limit < 0)
        {
            try
            {
                limit = await streams.IsMockAsync(ct) ? GatewayOptions.EmbeddedBacklogBytes : 0;
            }
            catch (KafkaException e)
            {
                logger.LogWarning("The broker could not be asked what it is ({Reason}); the gateway admits records without a backlog limit", e.Message);
                limit = 0;
            }
        }
        gate.Limit(limit);
        if (limit > 0)
            logger.LogInformation("Ingest waits while the processors are more than {Bytes} bytes behind on a partition (the embedded broker keeps ~5 MiB per partition)", limit);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!gate.Enabled) return;
        using var timer = new PeriodicTimer(options.Value.BacklogRefresh);
        do
        {
            try
            {
                await RefreshAsync(processors.Id, stoppingToken);
            }
            catch (Exception e) when (e is KafkaException or TimeoutException)
            {
                logger.LogDebug("Reading the processors' backlog failed: {Reason}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync(string group, CancellationToken ct)
    {
        var partitions = processors.Topics
            .SelectMany(topic => Enumerable.Range(0, admin.PartitionCount(topic, TimeSpan.FromSeconds(5))).Select(p => new TopicPartition(topic, p)))
            .ToList();
        if (partitions.Count == 0) return;
        var committed = (await admin.Client.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, partitions)]).WaitAsync(ct))
            .SelectMany(g => g.Partitions).Where(p => p.Offset.Value >= 0).ToDictionary(p => p.TopicPartition, p => p.Offset.Value);
        foreach (var partition in partitions)
        {
            var range = await streams.RangeAsync(partition, ct);
            gate.Observed(partition, range.Low, range.High, committed.TryGetValue(partition, out var at) ? at : null);
        }
    }
}
