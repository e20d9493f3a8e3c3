using Amazon.Kinesis;
using Amazon.Kinesis.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Streaming.Streams.Kinesis;

/// <summary>
/// Stream administration: list, describe, create (waiting until ACTIVE) and delete. Not-found and
/// already-exists come back as <see cref="KinesisStreamNotFoundException"/> and
/// <see cref="KinesisStreamAlreadyExistsException"/>; other AWS errors pass through unchanged.
/// </summary>
public sealed class KinesisAdmin : IDisposable
{
    private readonly IAmazonKinesis _client;
    private readonly bool _ownsClient;
    private readonly KinesisOptions _options;
    private readonly ILogger _logger;

    /// <summary>Uses <paramref name="client"/> (not disposed by this instance).</summary>
    public KinesisAdmin(IAmazonKinesis client, KinesisOptions options, ILogger<KinesisAdmin>? logger = null)
        : this(client, false, options, logger)
    {
    }

    private KinesisAdmin(IAmazonKinesis client, bool ownsClient, KinesisOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _ownsClient = ownsClient;
        _options = options.Validate();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>An admin with its own client built from <paramref name="options"/>.</summary>
    public static KinesisAdmin Create(KinesisOptions options, ILogger<KinesisAdmin>? logger = null) =>
        new(KinesisClientFactory.Create(options), true, options, logger);

    /// <summary>Names of every stream of the account in the region, in Kinesis' (alphabetical) order.</summary>
    public async Task<IReadOnlyList<string>> ListStreamsAsync(CancellationToken ct = default)
    {
        var names = new List<string>();
        string? after = null;
        while (true)
        {
            // ExclusiveStartStreamName pages on AWS and on both emulators (one of which has no NextToken).
            var response = await _client.ListStreamsAsync(new ListStreamsRequest { ExclusiveStartStreamName = after, Limit = 100 }, ct).ConfigureAwait(false);
            var page = response.StreamNames ?? [];
            names.AddRange(page);
            if (response.HasMoreStreams != true || page.Count == 0) return names;
            after = page[^1];
        }
    }

    /// <summary>Status, mode, retention and every shard of <paramref name="streamName"/>.</summary>
    public async Task<StreamDescription> DescribeStreamAsync(string streamName, CancellationToken ct = default)
    {
        StreamNames.Check(streamName);
        var summary = await SummaryAsync(streamName, ct).ConfigureAwait(false);
        var shards = await ListShardsAsync(streamName, ct).ConfigureAwait(false);
        return Describe(summary, shards);
    }

    /// <summary>
    /// Creates a provisioned stream with <paramref name="shardCount"/> shards and waits until it is ACTIVE
    /// (CreateStream answers before the stream can be written; emulators answer with an empty body).
    /// </summary>
    /// <exception cref="KinesisStreamAlreadyExistsException">A stream of that name exists.</exception>
    /// <exception cref="TimeoutException">Not ACTIVE within <see cref="KinesisOptions.CreateStreamTimeout"/>.</exception>
    public async Task<StreamDescription> CreateStreamAsync(string streamName, int shardCount, CancellationToken ct = default)
    {
        StreamNames.Check(streamName);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        try
        {
            await _client.CreateStreamAsync(new CreateStreamRequest { StreamName = streamName, ShardCount = shardCount }, ct).ConfigureAwait(false);
        }
        catch (ResourceInUseException e)
        {
            throw KinesisStreamAlreadyExistsException.For(streamName, e);
        }
        _logger.LogInformation("Creating Kinesis stream {Stream} with {Shards} shards; waiting until ACTIVE", streamName, shardCount);
        var description = await WaitUntilActiveAsync(streamName, ct).ConfigureAwait(false);
        _logger.LogInformation("Kinesis stream {Stream} is ACTIVE with {Shards} open shards", streamName, description.OpenShardCount);
        return description;
    }

    /// <summary>Polls until <paramref name="streamName"/> is ACTIVE (a stream being created or updated).</summary>
    public async Task<StreamDescription> WaitUntilActiveAsync(string streamName, CancellationToken ct = default)
    {
        StreamNames.Check(streamName);
        var deadline = DateTime.UtcNow + _options.CreateStreamTimeout;
        while (true)
        {
            StreamDescriptionSummary? summary = null;
            try
            {
                summary = await SummaryAsync(streamName, ct).ConfigureAwait(false);
            }
            catch (KinesisStreamNotFoundException) when (DateTime.UtcNow < deadline)
            {
                // Eventually consistent on AWS: a stream just created may not be visible to the first describe.
            }
            if (summary is not null && summary.StreamStatus == StreamStatus.ACTIVE)
                return Describe(summary, await ListShardsAsync(streamName, ct).ConfigureAwait(false));
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"Kinesis stream '{streamName}' was not ACTIVE after {_options.CreateStreamTimeout} (status {summary?.StreamStatus?.Value ?? "unknown"}).");
            await Task.Delay(_options.StreamStatusPollInterval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes <paramref name="streamName"/> (Kinesis removes it asynchronously; it shows DELETING until gone).</summary>
    public async Task DeleteStreamAsync(string streamName, CancellationToken ct = default)
    {
        StreamNames.Check(streamName);
        try
        {
            await _client.DeleteStreamAsync(new DeleteStreamRequest { StreamName = streamName }, ct).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException e)
        {
            throw KinesisStreamNotFoundException.For(streamName, e);
        }
        _logger.LogInformation("Deleting Kinesis stream {Stream}", streamName);
    }

    private async Task<StreamDescriptionSummary> SummaryAsync(string streamName, CancellationToken ct)
    {
        try
        {
            var response = await _client.DescribeStreamSummaryAsync(new DescribeStreamSummaryRequest { StreamName = streamName }, ct).ConfigureAwait(false);
            return response.StreamDescriptionSummary
                ?? throw new InvalidOperationException($"DescribeStreamSummary of '{streamName}' answered without a description.");
        }
        catch (ResourceNotFoundException e)
        {
            throw KinesisStreamNotFoundException.For(streamName, e);
        }
    }

    private async Task<IReadOnlyList<ShardDescription>> ListShardsAsync(string streamName, CancellationToken ct)
    {
        var shards = new List<ShardDescription>();
        string? next = null;
        do
        {
            // With a NextToken, Kinesis refuses a StreamName in the same request.
            var request = next is null ? new ListShardsRequest { StreamName = streamName } : new ListShardsRequest { NextToken = next };
            ListShardsResponse response;
            try
            {
                response = await _client.ListShardsAsync(request, ct).ConfigureAwait(false);
            }
            catch (ResourceNotFoundException e)
            {
                throw KinesisStreamNotFoundException.For(streamName, e);
            }
            foreach (var shard in response.Shards ?? [])
            {
                shards.Add(new ShardDescription(
                    shard.ShardId,
                    shard.HashKeyRange?.StartingHashKey ?? "",
                    shard.HashKeyRange?.EndingHashKey ?? "",
                    shard.SequenceNumberRange?.EndingSequenceNumber is null,
                    shard.ParentShardId));
            }
            next = string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken;
        }
        while (next is not null);
        return shards;
    }

    private static StreamDescription Describe(StreamDescriptionSummary summary, IReadOnlyList<ShardDescription> shards) => new(
        summary.StreamName,
        summary.StreamARN ?? "",
        summary.StreamStatus?.Value ?? "UNKNOWN",
        summary.StreamModeDetails?.StreamMode?.Value ?? "PROVISIONED",
        summary.OpenShardCount ?? shards.Count(s => s.IsOpen),
        summary.RetentionPeriodHours ?? 24,
        summary.StreamCreationTimestamp is { } created ? new DateTimeOffset(created.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(created, DateTimeKind.Utc) : created.ToUniversalTime()) : null,
        shards);

    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }
}
