using System.Diagnostics.Metrics;
using System.Reflection;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Npgsql.Replication;
using NpgsqlTypes;

namespace Streaming.Streams.Cdc;

/// <summary>
/// Change data capture from PostgreSQL into Kafka in Debezium's JSON envelope. <see cref="RunAsync"/> prepares the
/// database (publication, replica identity), takes a consistent snapshot on the first start, then streams the
/// replication slot until cancelled, reconnecting after PostgreSQL or Kafka failures. The slot is confirmed only up
/// to changes Kafka has acknowledged, so a restart after any crash repeats at most the unconfirmed tail (records
/// identical down to <c>source.lsn</c>) and loses nothing. Run one instance per slot (PostgreSQL refuses a second
/// reader of an active slot; the host keeps it a singleton).
/// </summary>
public sealed partial class CdcConnector : IDisposable
{
    private readonly CdcOptions _options;
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly bool _ownsProducer;
    private readonly ILogger _logger;
    private readonly CdcCounters _counters = new();
    private readonly string _version = "streaming-cdc/" + (typeof(CdcConnector).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0");
    private CdcOptionsValidator.Validated? _validated;
    private volatile CdcPhase _phase = CdcPhase.Starting;
    private volatile AckTracker? _tracker;
    private volatile string? _snapshotTable;
    private volatile string? _lastError;
    private Func<NpgsqlLogSequenceNumber>? _received;
    private int _running;
    private readonly Meter _meter = new("Streaming.Cdc");
    private long _lagBytes = -1;

    /// <summary>A connector writing through <paramref name="producer"/>, which stays the caller's (not disposed
    /// here). The producer should have <c>enable.idempotence=true</c> and <c>acks=all</c>
    /// (<see cref="CreateProducerConfig"/>); per-key order relies on it being the only writer of these topics.</summary>
    public CdcConnector(CdcOptions options, IProducer<byte[]?, byte[]?> producer, ILogger<CdcConnector>? logger = null)
        : this(options, producer, ownsProducer: false, logger)
    {
    }

    private CdcConnector(CdcOptions options, IProducer<byte[]?, byte[]?> producer, bool ownsProducer, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(producer);
        _options = options;
        _producer = producer;
        _ownsProducer = ownsProducer;
        _logger = logger ?? NullLogger.Instance;
        _meter.CreateObservableGauge("streaming_cdc_slot_lag_bytes",
            () => Interlocked.Read(ref _lagBytes) is >= 0 and var bytes
                ? [new Measurement<long>(bytes, new KeyValuePair<string, object?>("slot", _options.SlotName))]
                : Array.Empty<Measurement<long>>(),
            unit: "By",
            description: "WAL bytes between the server's current position and the replication slot's confirmed position (what PostgreSQL retains for the slot)");
    }

    /// <summary>The meter of this connector's instruments (tests listen to it alone).</summary>
    internal Meter Meter => _meter;

    /// <summary>The slot's lag as last measured while running (<see cref="CdcOptions.LagInterval"/>); null before the first measurement.</summary>
    public long? LastMeasuredLagBytes => Interlocked.Read(ref _lagBytes) is >= 0 and var bytes ? bytes : null;

    /// <summary>A connector with its own producer for <paramref name="bootstrapServers"/>
    /// (<see cref="CreateProducerConfig"/>, then <paramref name="producerProperties"/> on top); disposing the
    /// connector disposes the producer.</summary>
    public static CdcConnector Create(CdcOptions options, string bootstrapServers, IEnumerable<KeyValuePair<string, string>>? producerProperties = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = CreateProducerConfig(bootstrapServers, options);
        foreach (var (key, value) in producerProperties ?? []) config.Set(key, value);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<CdcConnector>();
        var producer = new ProducerBuilder<byte[]?, byte[]?>(config)
            .SetErrorHandler((_, e) => logger.LogWarning("CDC Kafka producer: {Reason} ({Code}, fatal: {Fatal})", e.Reason, e.Code, e.IsFatal))
            .Build();
        return new CdcConnector(options, producer, ownsProducer: true, logger);
    }

    /// <summary>
    /// The producer settings the connector's guarantees assume: idempotence (no duplicates or reordering from
    /// retries, so a key's records stay in commit order), acks from all in-sync replicas, a queue deep enough for
    /// <see cref="CdcOptions.MaxInFlight"/>, and delivery reports without the record copied back.
    /// </summary>
    public static ProducerConfig CreateProducerConfig(string bootstrapServers, CdcOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        var maxInFlight = (options ?? new CdcOptions()).MaxInFlight;
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            QueueBufferingMaxMessages = Math.Max(100_000, maxInFlight * 2),
            QueueBufferingMaxKbytes = 1_048_576,
        };
        config.Set("dotnet.producer.delivery.report.fields", "none");
        return config;
    }

    /// <summary>What the connector is doing now.</summary>
    public CdcStatus Status
    {
        get
        {
            var tracker = _tracker;
            var received = _received;
            return new CdcStatus(
                _phase,
                tracker is null || tracker.Confirmed == 0 ? null : new NpgsqlLogSequenceNumber(tracker.Confirmed).ToString(),
                received is null ? null : received().ToString(),
                _counters.Changes,
                _counters.Tombstones,
                tracker?.InFlight ?? 0,
                _snapshotTable,
                _counters.SnapshotRows,
                tracker?.ConfirmedCommitTime,
                _lastError);
        }
    }

    /// <summary>
    /// How many WAL bytes the slot's confirmed position trails <c>pg_current_wal_lsn()</c> (for a metrics gauge;
    /// opens a short connection). Null while the slot does not exist yet.
    /// </summary>
    public async Task<CdcLag?> MeasureLagAsync(CancellationToken cancellationToken = default)
    {
        var validated = _validated ?? CdcOptionsValidator.Validate(_options);
        var connection = new NpgsqlConnection(validated.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var (current, confirmed) = await new PgCatalog(connection).WalPositionsAsync(_options.SlotName, cancellationToken).ConfigureAwait(false);
            if (confirmed is not { } c) return null;
            var bytes = (long)(ulong)current - (long)(ulong)c;
            return new CdcLag(current.ToString(), c.ToString(), Math.Max(0, bytes));
        }
    }

    /// <summary>
    /// Captures until <paramref name="cancellationToken"/> is cancelled (then waits up to
    /// <see cref="CdcOptions.ShutdownTimeout"/> for Kafka, confirms what it acknowledged, and returns).
    /// Throws <see cref="CdcException"/> for conditions an operator must fix (unreachable database at start,
    /// wal_level, missing table, privileges, options); PostgreSQL or Kafka failing while streaming is retried.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1) throw new InvalidOperationException("RunAsync is already running.");
        using var measuring = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lag = _options.LagInterval > TimeSpan.Zero ? MeasureLagEveryIntervalAsync(measuring.Token) : Task.CompletedTask;
        try
        {
            await RunCoreAsync(cancellationToken).ConfigureAwait(false);
            _phase = CdcPhase.Stopped;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _phase = CdcPhase.Stopped;
        }
        catch (Exception ex)
        {
            _lastError = Describe(ex);
            _phase = CdcPhase.Failed;
            throw;
        }
        finally
        {
            await measuring.CancelAsync().ConfigureAwait(false);
            await lag.ConfigureAwait(false);
            // A stopped connector reports no lag (the slot's WAL is then watched with MeasureLagAsync or in PostgreSQL).
            Interlocked.Exchange(ref _lagBytes, -1);
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Keeps the lag gauge current until <paramref name="ct"/> is cancelled; a failed measurement keeps the last value.</summary>
    private async Task MeasureLagEveryIntervalAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.LagInterval);
        try
        {
            do
            {
                try
                {
                    if (await MeasureLagAsync(ct).ConfigureAwait(false) is { } lag) Interlocked.Exchange(ref _lagBytes, lag.Bytes);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    // Whatever failed (PostgreSQL away, most likely), a gauge must not end the capture: the capture
                    // loop meets the same failure and reports it. The gauge keeps its last value rather than vanish
                    // while the slot may be retaining more WAL than ever.
                    CdcLog.LagNotMeasured(_logger, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    public void Dispose()
    {
        _meter.Dispose();
        if (_ownsProducer)
        {
            _producer.Flush(_options.ShutdownTimeout);
            _producer.Dispose();
        }
    }

    private async Task RunCoreAsync(CancellationToken ct)
    {
        _phase = CdcPhase.Starting;
        var validated = _validated = CdcOptionsValidator.Validate(_options);
        var setup = await DatabaseSetup.PrepareAsync(_options, validated, _logger, ct).ConfigureAwait(false);
        using var envelopes = new EnvelopeWriter(_version, _options.ServerName, setup.Database, _options.UnavailableValuePlaceholder, _logger);
        var translator = new ChangeTranslator(envelopes, _options.TombstonesOnDelete);
        var sink = new KafkaSink(_producer, _options.MaxInFlight);
        var delay = _options.ReconnectDelay;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var confirmed = await PrepareSlotAsync(validated, setup, translator, sink, ct).ConfigureAwait(false);
                await StreamAsync(validated, setup, translator, sink, confirmed, () => delay = _options.ReconnectDelay, ct).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && PgErrors.Configuration(ex) is { } cdc)
            {
                throw cdc;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && PgErrors.IsTransient(ex))
            {
                var phase = _phase;
                _lastError = Describe(ex);
                _phase = CdcPhase.Reconnecting;
                CdcLog.Reconnecting(_logger, ex, phase.ToString(), _lastError, delay.TotalSeconds);
                // Records of the failed session still in librdkafka's queue go out before the next session's
                // (same producer, same partitions), so waiting for them keeps each key's order.
                await Task.Run(() => _producer.Flush(_options.ShutdownTimeout), ct).ConfigureAwait(false);
                await Task.Delay(delay, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
            }
        }
    }

    /// <summary>Makes sure the slot exists (taking the snapshot when it does not) and returns its confirmed position.</summary>
    private async Task<NpgsqlLogSequenceNumber> PrepareSlotAsync(CdcOptionsValidator.Validated validated, DatabaseSetup.Result setup, ChangeTranslator translator, KafkaSink sink, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(validated.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            var catalog = new PgCatalog(connection);
            if (await catalog.SlotConfirmedLsnAsync(_options.SlotName, ct).ConfigureAwait(false) is { } confirmed) return confirmed;
            if (_options.SnapshotMode == CdcSnapshotMode.Initial)
                await SnapshotAsync(validated, setup, catalog, translator, sink, ct).ConfigureAwait(false);
            else
                await CreateSlotAsync(validated, ct).ConfigureAwait(false);
            return await catalog.SlotConfirmedLsnAsync(_options.SlotName, ct).ConfigureAwait(false)
                ?? throw new IOException($"Replication slot {_options.SlotName} vanished right after it was created.");
        }
    }

    private async Task CreateSlotAsync(CdcOptionsValidator.Validated validated, CancellationToken ct)
    {
        var replication = new LogicalReplicationConnection(validated.ConnectionString);
        await using (replication.ConfigureAwait(false))
        {
            await replication.Open(ct).ConfigureAwait(false);
            replication.CommandTimeout = SlotCommandTimeout;
            var slot = await replication.CreatePgOutputReplicationSlot(
                _options.SlotName, slotSnapshotInitMode: LogicalSlotSnapshotInitMode.NoExport, cancellationToken: ct).ConfigureAwait(false);
            CdcLog.SlotCreated(_logger, _options.SlotName, slot.ConsistentPoint.ToString());
        }
    }

    /// <summary>One line: PostgreSQL's own message text without the multi-line detail notice.</summary>
    private static string Describe(Exception ex) => ex is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : ex.Message;

    /// <summary>Creating a slot waits for the transactions running at that moment to end; give long ones time.</summary>
    private static readonly TimeSpan SlotCommandTimeout = TimeSpan.FromMinutes(10);
}
