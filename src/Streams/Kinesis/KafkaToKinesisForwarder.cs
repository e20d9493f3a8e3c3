using System.Threading.Channels;
using Amazon.Kinesis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Streaming.Streams.Kinesis;

/// <summary>
/// Forwards one Kafka topic to one Kinesis stream, at least once and in per-key order.
/// </summary>
/// <remarks>
/// <para>A consumer thread reads the topic with its own consumer group, wraps each record in a
/// <see cref="KinesisEnvelope"/> and hands it to the sender. The sender packs PutRecords requests with
/// <see cref="BatchPlanner"/> (at most one record per partition key among everything unaccepted
/// before it, so a retried record never lands after a later record of its key), keeps up to
/// <see cref="ForwardingSettings.MaxInFlightRequests"/> requests in flight, and retries refused
/// records with <see cref="KinesisOptions.Retry"/>. Offsets are committed only up to the first
/// record Kinesis has not accepted (<see cref="AcceptanceLedger"/>), so a restart after any failure
/// sends that record and everything after it again: consumers de-duplicate on topic/partition/offset.</para>
/// <para>A record whose envelope exceeds <see cref="BatchLimits.MaxRecordBytes"/>, or that Kinesis refuses as
/// invalid, is a poison record: it is reported to the <see cref="IPoisonRecordSink"/> (the
/// <see cref="ForwardingSettings.DeadLetterTopic"/>) and counted, and the forwarding goes on.</para>
/// </remarks>
public sealed partial class KafkaToKinesisForwarder : IAsyncDisposable
{
    private readonly ForwardingDefinition _definition;
    private readonly ForwardingSettings _settings;
    private readonly KinesisOptions _kinesis;
    private readonly IAmazonKinesis _client;
    private readonly bool _ownsClient;
    private readonly IPoisonRecordSink? _poisonSink;
    private readonly bool _ownsSink;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Random _random = new();

    // Shared by the consumer thread, the sender and Status(); guarded by _gate.
    private readonly object _gate = new();
    private readonly AcceptanceLedger _ledger = new();
    private readonly Dictionary<int, PartitionWatermarks> _watermarks = [];
    private readonly Dictionary<int, long> _committed = [];
    private ForwarderState _state = ForwarderState.Starting;
    private string? _reason;
    private DateTimeOffset? _lastForwardedAt;

    private readonly Channel<Outgoing> _incoming = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<RevokeRequest> _revocations = Channel.CreateUnbounded<RevokeRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopConsuming = new();
    private readonly CancellationTokenSource _abortRequests = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _buffered;
    private long _forwarded;
    private long _poison;
    private long _retries;
    private int _started;
    private Task _sender = Task.CompletedTask;

    /// <param name="definition">Topic, stream, consumer group.</param>
    /// <param name="settings">Kafka connection, buffers, commit interval.</param>
    /// <param name="kinesis">Kinesis connection, batch limits, retry policy.</param>
    /// <param name="client">A Kinesis client to use (not disposed here); null builds one from <paramref name="kinesis"/> without SDK retries.</param>
    /// <param name="poisonSink">Where poison records go; null uses a <see cref="KafkaDeadLetterSink"/> on
    /// <see cref="ForwardingSettings.DeadLetterTopic"/> (or only the log when that is empty).</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="time">Clock (tests).</param>
    public KafkaToKinesisForwarder(
        ForwardingDefinition definition,
        ForwardingSettings settings,
        KinesisOptions kinesis,
        IAmazonKinesis? client = null,
        IPoisonRecordSink? poisonSink = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(kinesis);
        _definition = definition.Validate();
        _settings = settings.Validate();
        _kinesis = kinesis.Validate();
        _time = time ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<KafkaToKinesisForwarder>();
        _ownsClient = client is null;
        _client = client ?? KinesisClientFactory.Create(kinesis, sdkRetries: 0);
        if (poisonSink is not null)
        {
            _poisonSink = poisonSink;
        }
        else if (settings.DeadLetterTopic.Length > 0)
        {
            _poisonSink = new KafkaDeadLetterSink(settings.BootstrapServers, settings.DeadLetterTopic, settings.KafkaProperties);
            _ownsSink = true;
        }
        StartedAt = _time.GetUtcNow();
    }

    public ForwardingId Id => _definition.Id;

    public ForwardingDefinition Definition => _definition;

    public DateTimeOffset StartedAt { get; }

    /// <summary>Completes when the forwarding has stopped (on request or failure) and committed its progress.
    /// It never faults: a failure shows in <see cref="Status"/>.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Starts consuming and forwarding in the background. Call once.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException($"Forwarding {Id} was already started.");
        // The consumer thread reads _sender: assign it before the thread starts.
        _sender = Task.Run(SendLoopAsync);
        new Thread(ConsumeLoop) { IsBackground = true, Name = $"kinesis-forwarder {Id}" }.Start();
        _logger.LogInformation("Forwarding {Topic} to Kinesis stream {Stream} as consumer group {Group}", _definition.Topic, _definition.Stream, _definition.EffectiveGroup);
    }

    /// <summary>Stops consuming, waits up to <see cref="ForwardingSettings.StopTimeout"/> for requests in flight,
    /// commits what Kinesis accepted and leaves the group.</summary>
    public async Task StopAsync()
    {
        if (Volatile.Read(ref _started) == 0)
        {
            SetFinalState(ForwarderState.Stopped, null);
            _completion.TrySetResult();
            return;
        }
        RequestStop();
        await Completion.ConfigureAwait(false);
    }

    /// <summary>The forwarding's progress now.</summary>
    public ForwarderStatus Status()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var partitions = new List<PartitionStatus>();
            long lag = 0;
            foreach (var partition in _ledger.Partitions.Concat(_watermarks.Keys).Distinct().Order())
            {
                _watermarks.TryGetValue(partition, out var marks);
                long? committed = _committed.TryGetValue(partition, out var c) ? c : marks?.BrokerCommitted;
                var next = _ledger.Committable(partition) ?? committed ?? (_definition.StartFrom == Confluent.Kafka.AutoOffsetReset.Earliest ? marks?.Low : marks?.High);
                var partitionLag = marks?.High is { } high && next is { } n ? Math.Max(0, high - n) : 0;
                lag += partitionLag;
                partitions.Add(new PartitionStatus(partition, _ledger.LastAccepted(partition), committed, marks?.High, partitionLag));
            }
            var oldest = _ledger.OldestUnacceptedTimestampMs();
            var lagSeconds = oldest is { } ms ? Math.Max(0, (now - DateTimeOffset.FromUnixTimeMilliseconds(ms)).TotalSeconds) : 0;
            return new ForwarderStatus(Id, _definition.EffectiveGroup, _state, _reason, StartedAt,
                Interlocked.Read(ref _forwarded), Interlocked.Read(ref _poison), Interlocked.Read(ref _retries),
                lag, lagSeconds, _lastForwardedAt, partitions);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_ownsClient) _client.Dispose();
        if (_ownsSink && _poisonSink is IDisposable sink) sink.Dispose();
        _stopConsuming.Dispose();
        _abortRequests.Dispose();
    }

    private void RequestStop()
    {
        try
        {
            _stopConsuming.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped and disposed.
        }
    }

    private void SetState(ForwarderState state, string? reason)
    {
        lock (_gate)
        {
            if (_state is ForwarderState.Failed or ForwarderState.Stopped) return;
            _state = state;
            _reason = reason;
        }
    }

    private void SetFinalState(ForwarderState state, string? reason)
    {
        lock (_gate)
        {
            if (_state == ForwarderState.Failed) return;
            _state = state;
            _reason = reason;
        }
    }

    private void Fail(string reason)
    {
        _logger.LogError("Forwarding {Topic} to {Stream} failed: {Reason}", _definition.Topic, _definition.Stream, reason);
        SetFinalState(ForwarderState.Failed, reason);
        RequestStop();
    }

    private sealed record PartitionWatermarks(long? Low, long? High, long? BrokerCommitted);

    /// <summary>The consumer thread asks the sender to give up partitions; done when none of their records is in flight.</summary>
    private sealed record RevokeRequest(IReadOnlySet<int> Partitions, TaskCompletionSource Done);
}
