using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Streams.Broker;

namespace Streaming.Api.Ingest;

/// <summary>
/// The processors' consumer-group lag per input partition, as the broker sees it (log end minus committed offset; the
/// whole log while nothing is committed), for /metrics: read every <see cref="GatewayOptions.LagRefresh"/> rather than
/// at scrape time, so a scrape never waits for Kafka. Measured from the broker, not by the processors, it keeps growing
/// when they stop altogether — the case the alert on it (deploy/prometheus/alerts.yml) exists for. The processors commit
/// at checkpoints, so the lag also holds up to one checkpoint interval of records that are processed.
/// </summary>
public sealed class ConsumerLagMetrics : BackgroundService
{
    private readonly TopicAdmin _admin;
    private readonly ProcessorGroup _processors;
    private readonly TimeSpan _refresh;
    private readonly ILogger<ConsumerLagMetrics> _logger;
    private volatile IReadOnlyList<(TopicPartition Partition, long Lag)> _lags = [];

    public ConsumerLagMetrics(TopicAdmin admin, ProcessorGroup processors, IOptions<GatewayOptions> options, IMeterFactory meters, ILogger<ConsumerLagMetrics> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        _admin = admin;
        _processors = processors;
        _refresh = options.Value.LagRefresh;
        _logger = logger;
        meters.Create("Streaming.Gateway").CreateObservableGauge("streaming_gateway_consumer_lag_records",
            () => _lags.Select(l => new Measurement<long>(l.Lag,
                new KeyValuePair<string, object?>("group", _processors.Id),
                new KeyValuePair<string, object?>("topic", l.Partition.Topic),
                new KeyValuePair<string, object?>("partition", l.Partition.Partition.Value))),
            description: "Records of an input partition the processors' consumer group has not committed yet (log end minus committed offset)");
    }

    /// <summary>The lags of the latest refresh.</summary>
    public IReadOnlyList<(TopicPartition Partition, long Lag)> Lags => _lags;

    /// <summary>Reads the processors' committed offsets and the partitions' log ranges once.</summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        var partitions = _processors.Topics
            .SelectMany(topic => Enumerable.Range(0, _admin.PartitionCount(topic, TimeSpan.FromSeconds(5))).Select(p => new TopicPartition(topic, p)))
            .ToList();
        if (partitions.Count == 0)
        {
            _lags = [];
            return;
        }
        var committed = (await _admin.Client.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(_processors.Id, partitions)]).WaitAsync(ct))
            .SelectMany(g => g.Partitions).Where(p => p.Offset.Value >= 0).ToDictionary(p => p.TopicPartition, p => p.Offset.Value);
        var ends = await OffsetsAsync(partitions, OffsetSpec.Latest(), ct);
        var starts = await OffsetsAsync(partitions, OffsetSpec.Earliest(), ct);
        _lags = [.. partitions.Select(p => (p, Math.Max(0, ends[p] - (committed.TryGetValue(p, out var at) ? Math.Max(at, starts[p]) : starts[p]))))];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_refresh <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(_refresh);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Any failure: a metric must never stop the node (an exception leaving ExecuteAsync stops the host).
                // The last lags stay exported: dropping the series would hide the lag that piles up meanwhile.
                _logger.LogDebug("Reading the processors' consumer lag failed: {Reason}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<Dictionary<TopicPartition, long>> OffsetsAsync(List<TopicPartition> partitions, OffsetSpec spec, CancellationToken ct)
    {
        var result = await _admin.Client.ListOffsetsAsync(partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = spec }),
            new ListOffsetsOptions { RequestTimeout = TimeSpan.FromSeconds(10) }).WaitAsync(ct);
        return result.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.TopicPartition, r => r.TopicPartitionOffsetError.Offset.Value);
    }
}
