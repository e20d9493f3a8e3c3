using Amazon.Kinesis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Streaming.Streams.Kinesis;

/// <summary>
/// The forwardings of one node: start and stop them by (topic, stream), list them with their status,
/// and keep the set in an <see cref="IForwardingStore"/> so <see cref="RestoreAsync"/> starts them again
/// after a restart (each resumes from its consumer group's committed offsets). A forwarding that failed
/// stays listed (and stored) with its reason until it is started again or stopped.
/// </summary>
public sealed class ForwardingManager : IAsyncDisposable
{
    private readonly ForwardingSettings _settings;
    private readonly KinesisOptions _kinesis;
    private readonly IForwardingStore _store;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider? _time;
    private readonly IAmazonKinesis _client;
    private readonly bool _ownsClient;
    private readonly KinesisAdmin _admin;
    private readonly IPoisonRecordSink? _poisonSink;
    private readonly bool _ownsSink;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<ForwardingId, KafkaToKinesisForwarder> _forwarders = [];
    private readonly List<ForwardingDefinition> _definitions = [];
    private bool _loaded;
    private bool _disposed;

    /// <param name="settings">How forwardings run (Kafka connection, buffers, dead-letter topic).</param>
    /// <param name="kinesis">Kinesis connection, batch limits, retry policy.</param>
    /// <param name="store">Where the set of forwardings is kept.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="client">A Kinesis client shared by all forwardings (not disposed here); null builds one without SDK retries.</param>
    /// <param name="poisonSink">Where poison records go; null uses a <see cref="KafkaDeadLetterSink"/> on
    /// <see cref="ForwardingSettings.DeadLetterTopic"/> (or only the log when that is empty).</param>
    /// <param name="time">Clock (tests).</param>
    public ForwardingManager(
        ForwardingSettings settings,
        KinesisOptions kinesis,
        IForwardingStore store,
        ILoggerFactory? loggerFactory = null,
        IAmazonKinesis? client = null,
        IPoisonRecordSink? poisonSink = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(kinesis);
        ArgumentNullException.ThrowIfNull(store);
        _settings = settings.Validate();
        _kinesis = kinesis.Validate();
        _store = store;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<ForwardingManager>();
        _time = time;
        _ownsClient = client is null;
        _client = client ?? KinesisClientFactory.Create(kinesis, sdkRetries: 0);
        _admin = new KinesisAdmin(_client, kinesis, _loggerFactory.CreateLogger<KinesisAdmin>());
        _ownsSink = poisonSink is null && settings.DeadLetterTopic.Length > 0;
        _poisonSink = poisonSink ?? (_ownsSink
            ? new KafkaDeadLetterSink(settings.BootstrapServers, settings.DeadLetterTopic, settings.KafkaProperties)
            : null);
    }

    /// <summary>Starts every stored forwarding (at node start). A forwarding whose stream is gone starts anyway and
    /// shows as failed with the reason.</summary>
    public async Task<IReadOnlyList<ForwarderStatus>> RestoreAsync(CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await EnsureLoadedAsync(ct).ConfigureAwait(false);
            foreach (var definition in _definitions)
                if (!IsRunning(definition.Id)) Launch(definition);
            _logger.LogInformation("Restored {Count} Kafka → Kinesis forwardings", _definitions.Count);
            return Statuses();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Starts a forwarding and stores it. Starting one that is already running with the same definition
    /// returns its status; a failed or stopped one is started afresh (from its committed offsets).
    /// </summary>
    /// <exception cref="KinesisStreamNotFoundException">The stream does not exist.</exception>
    /// <exception cref="InvalidOperationException">It is running with a different consumer group, start position or null-key mode.</exception>
    public async Task<ForwarderStatus> StartAsync(ForwardingDefinition definition, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate();
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await EnsureLoadedAsync(ct).ConfigureAwait(false);
            if (_forwarders.TryGetValue(definition.Id, out var existing) && !existing.Completion.IsCompleted)
            {
                return Same(existing.Definition, definition)
                    ? existing.Status()
                    : throw new InvalidOperationException($"Forwarding {definition.Id} is running with another definition (group {existing.Definition.EffectiveGroup}); stop it first.");
            }
            var stream = await _admin.DescribeStreamAsync(definition.Stream, ct).ConfigureAwait(false);
            if (stream.Status is "DELETING")
                throw new KinesisStreamNotFoundException($"Kinesis stream '{definition.Stream}' is being deleted.") { StreamName = definition.Stream };
            var index = _definitions.FindIndex(d => d.Id == definition.Id);
            var stored = new List<ForwardingDefinition>(_definitions);
            if (index >= 0) stored[index] = definition;
            else stored.Add(definition);
            await _store.SaveAsync(stored, ct).ConfigureAwait(false);
            _definitions.Clear();
            _definitions.AddRange(stored);
            if (existing is not null)
            {
                _forwarders.Remove(definition.Id);
                await existing.DisposeAsync().ConfigureAwait(false);
            }
            return Launch(definition).Status();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Stops a forwarding (committing what Kinesis accepted) and removes it from the store.</summary>
    /// <returns>False when no such forwarding is known.</returns>
    public async Task<bool> StopAsync(ForwardingId id, CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await EnsureLoadedAsync(ct).ConfigureAwait(false);
            var known = _definitions.Any(d => d.Id == id) || _forwarders.ContainsKey(id);
            if (!known) return false;
            var stored = _definitions.Where(d => d.Id != id).ToList();
            await _store.SaveAsync(stored, ct).ConfigureAwait(false);
            _definitions.Clear();
            _definitions.AddRange(stored);
            if (_forwarders.Remove(id, out var forwarder)) await forwarder.DisposeAsync().ConfigureAwait(false);
            _logger.LogInformation("Stopped forwarding {Forwarding}", id);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Every forwarding this manager runs or ran (failed ones included), by topic then stream.</summary>
    public IReadOnlyList<ForwarderStatus> List()
    {
        _lock.Wait();
        try
        {
            return Statuses();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The status of one forwarding, or null when unknown.</summary>
    public ForwarderStatus? Get(ForwardingId id)
    {
        _lock.Wait();
        try
        {
            return _forwarders.TryGetValue(id, out var forwarder) ? forwarder.Status() : null;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Stops every forwarding without removing it from the store (they start again on the next <see cref="RestoreAsync"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            await Task.WhenAll(_forwarders.Values.Select(f => f.DisposeAsync().AsTask())).ConfigureAwait(false);
            _forwarders.Clear();
            if (_ownsSink && _poisonSink is IDisposable sink) sink.Dispose();
            _admin.Dispose();
            if (_ownsClient) _client.Dispose();
        }
        finally
        {
            _lock.Release();
        }
        _lock.Dispose();
    }

    private async Task EnsureLoadedAsync(CancellationToken ct)
    {
        if (_loaded) return;
        _definitions.AddRange(await _store.LoadAsync(ct).ConfigureAwait(false));
        _loaded = true;
    }

    private bool IsRunning(ForwardingId id) => _forwarders.TryGetValue(id, out var forwarder) && !forwarder.Completion.IsCompleted;

    private KafkaToKinesisForwarder Launch(ForwardingDefinition definition)
    {
        var forwarder = new KafkaToKinesisForwarder(definition, _settings, _kinesis, _client, _poisonSink, _loggerFactory, _time);
        _forwarders[definition.Id] = forwarder;
        forwarder.Start();
        return forwarder;
    }

    private List<ForwarderStatus> Statuses() =>
        _forwarders.Values.Select(f => f.Status())
            .OrderBy(s => s.Id.Topic, StringComparer.Ordinal)
            .ThenBy(s => s.Id.Stream, StringComparer.Ordinal)
            .ToList();

    private static bool Same(ForwardingDefinition a, ForwardingDefinition b) =>
        a.EffectiveGroup == b.EffectiveGroup && a.StartFrom == b.StartFrom && a.NullKeys == b.NullKeys;
}
