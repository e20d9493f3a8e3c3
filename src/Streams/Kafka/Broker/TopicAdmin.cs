using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;

namespace Streaming.Streams.Broker;

/// <summary>
/// Topic listing and creation. Listing uses metadata (works everywhere); creation uses the
/// AdminClient on a real cluster and the mock's own API on the embedded broker, which does not
/// implement CreateTopics. Nothing here calls ListConsumerGroups, which crashes the mock.
/// </summary>
public sealed class TopicAdmin : IDisposable
{
    private readonly KafkaEndpoint _endpoint;
    private readonly ILogger<TopicAdmin> _logger;
    private readonly Lazy<IAdminClient> _admin;

    public TopicAdmin(KafkaEndpoint endpoint, ILogger<TopicAdmin> logger)
    {
        _endpoint = endpoint;
        _logger = logger;
        _admin = new Lazy<IAdminClient>(() => new AdminClientBuilder(endpoint.Configure(new AdminClientConfig
        {
            SocketTimeoutMs = 5000,
        }))
            // Every admin call surfaces its failure as an exception to its caller; librdkafka's own retry chatter
            // (one line per reconnect) would bury that one clear message, so it goes to debug.
            .SetLogHandler((_, m) => logger.LogDebug("librdkafka admin {Facility}: {Message}", m.Facility, m.Message))
            .SetErrorHandler((_, e) => logger.LogDebug("Kafka admin client: {Reason} ({Code})", e.Reason, e.Code))
            .Build());
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _partitionCounts = new(StringComparer.Ordinal);

    public IAdminClient Client => _admin.Value;

    /// <summary>Topics with their partition counts, internal ones (<c>__…</c>) left out.</summary>
    public IReadOnlyList<TopicInfo> ListTopics(TimeSpan timeout)
    {
        var metadata = Client.GetMetadata(timeout);
        return metadata.Topics
            .Where(t => t.Error.Code == ErrorCode.NoError && !t.Topic.StartsWith("__", StringComparison.Ordinal))
            .Select(t => new TopicInfo(t.Topic, t.Partitions.Count))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The topic's partition count (0 when the broker does not know the topic), remembered once known.</summary>
    public int PartitionCount(string topic, TimeSpan timeout)
    {
        if (_partitionCounts.TryGetValue(topic, out var known)) return known;
        var found = Client.GetMetadata(topic, timeout).Topics.FirstOrDefault(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError);
        if (found is null || found.Partitions.Count == 0) return 0;
        return _partitionCounts.GetOrAdd(topic, found.Partitions.Count);
    }

    /// <summary>Creates the topic; returns false when it already existed.</summary>
    public async Task<bool> CreateTopicAsync(string name, int partitions, short replicationFactor, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, (short)1);
        if (ListTopics(TimeSpan.FromSeconds(5)).Any(t => t.Name == name)) return false;
        if (_endpoint.Embedded is { } embedded)
        {
            embedded.CreateTopic(name, partitions, replicationFactor);
        }
        else
        {
            try
            {
                await Client.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = replicationFactor }]).WaitAsync(ct);
            }
            catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
            {
                return false;
            }
        }
        _logger.LogInformation("Created topic {Topic} with {Partitions} partitions", name, partitions);
        return true;
    }

    /// <summary>Creates whichever of the given topics are missing, with the configured partition count.</summary>
    public async Task EnsureTopicsAsync(IEnumerable<string> names, CancellationToken ct = default)
    {
        var existing = ListTopics(TimeSpan.FromSeconds(10)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in names.Where(n => !existing.Contains(n)))
            await CreateTopicAsync(name, _endpoint.Options.Partitions, _endpoint.Options.ReplicationFactor, ct);
    }

    /// <summary>
    /// Lag of the given groups (plus, on a real cluster, every group the broker lists): committed
    /// offsets are asked for explicit partitions, which the embedded broker supports; listing groups
    /// is skipped there because it crashes the mock.
    /// </summary>
    public async Task<IReadOnlyList<GroupLag>> DescribeGroupLagAsync(IEnumerable<string> knownGroups, CancellationToken ct = default)
    {
        var groups = new SortedSet<string>(knownGroups.Where(g => !string.IsNullOrWhiteSpace(g)), StringComparer.Ordinal);
        if (_endpoint.Embedded is null)
        {
            var listed = await Client.ListConsumerGroupsAsync().WaitAsync(ct);
            foreach (var g in listed.Valid) groups.Add(g.GroupId);
        }
        var partitions = Client.GetMetadata(TimeSpan.FromSeconds(5)).Topics
            .Where(t => t.Error.Code == ErrorCode.NoError && !t.Topic.StartsWith("__", StringComparison.Ordinal))
            .SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId)))
            .ToList();
        var result = new List<GroupLag>();
        foreach (var group in groups)
        {
            var offsets = await Client.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, partitions)]).WaitAsync(ct);
            var committed = offsets.SelectMany(o => o.Partitions).Where(p => p.Offset.Value >= 0).ToList();
            if (committed.Count == 0)
            {
                result.Add(new GroupLag(group, 0, []));
                continue;
            }
            var ends = await Client.ListOffsetsAsync(committed.Select(c => new TopicPartitionOffsetSpec { TopicPartition = c.TopicPartition, OffsetSpec = OffsetSpec.Latest() })).WaitAsync(ct);
            var endOf = ends.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.TopicPartition, r => r.TopicPartitionOffsetError.Offset.Value);
            var lags = committed
                .Select(c => new PartitionLag(c.Topic, c.Partition.Value, c.Offset.Value, endOf[c.TopicPartition], Math.Max(0, endOf[c.TopicPartition] - c.Offset.Value)))
                .OrderBy(l => l.Topic, StringComparer.Ordinal).ThenBy(l => l.Partition).ToList();
            result.Add(new GroupLag(group, lags.Sum(l => l.Lag), lags));
        }
        return result;
    }

    /// <summary>
    /// The group's committed offsets, end offsets and member assignments on <paramref name="partitions"/>. Committed
    /// offsets are asked for explicit partitions (the mock supports that); a broker that cannot describe groups leaves
    /// the assignments unknown rather than failing the answer.
    /// </summary>
    public async Task<GroupPositions> GroupPositionsAsync(string group, IReadOnlyList<TopicPartition> partitions, CancellationToken ct = default)
    {
        if (partitions.Count == 0) return new GroupPositions(new Dictionary<TopicPartition, long>(), new Dictionary<TopicPartition, long>(), null);
        var timeout = TimeSpan.FromSeconds(5);
        var offsets = await Client.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, [.. partitions])],
            new ListConsumerGroupOffsetsOptions { RequestTimeout = timeout }).WaitAsync(ct);
        var committed = offsets.SelectMany(o => o.Partitions).Where(p => p.Offset.Value >= 0).ToDictionary(p => p.TopicPartition, p => p.Offset.Value);
        var ends = await Client.ListOffsetsAsync(partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Latest() }),
            new ListOffsetsOptions { RequestTimeout = timeout }).WaitAsync(ct);
        var endOf = ends.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.TopicPartition, r => r.TopicPartitionOffsetError.Offset.Value);
        HashSet<TopicPartition>? assigned;
        try
        {
            var described = await Client.DescribeConsumerGroupsAsync([group], new DescribeConsumerGroupsOptions { RequestTimeout = timeout }).WaitAsync(ct);
            assigned = [.. described.ConsumerGroupDescriptions.SelectMany(g => g.Members).SelectMany(m => m.Assignment?.TopicPartitions ?? [])];
        }
        catch (KafkaException e)
        {
            _logger.LogDebug("Group {Group} cannot be described ({Reason}); its assignments stay unknown", group, e.Error.Reason);
            assigned = null;
        }
        return new GroupPositions(committed, endOf, assigned);
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated) _admin.Value.Dispose();
    }
}
