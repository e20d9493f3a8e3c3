using Microsoft.Extensions.Logging.Abstractions;
using Streaming.Analytics.Keyed;
using Streaming.Engine.Processing;
using Streaming.Engine.State;
using Streaming.Streams.Broker;

namespace Streaming.Engine.Tests.Support;

/// <summary>
/// One partition of an analytic on the engine's real <see cref="PartitionProcessor{TInput, TOutput}"/>, stepped by
/// hand: in-memory entities (<see cref="LocalEntities{TInput, TOutput}"/>), a store, a manual wall clock and a sink
/// that keeps what was published. <see cref="CrashAsync"/> drops the processor and its entities (a node that died)
/// and starts a new one from the store.
/// </summary>
public sealed class ProcessorDriver<TInput, TOutput> : IDisposable
    where TInput : notnull
{
    private readonly Analytic<TInput, TOutput> _analytic;
    private readonly ProcessorServices _services;
    private readonly ICombinerFeed<TOutput>? _combiner;
    private readonly bool _evictAfterCheckpoint;
    private PartitionProcessor<TInput, TOutput>? _processor;

    public ProcessorDriver(Analytic<TInput, TOutput> analytic, int partition = 0, IPartitionStore? store = null, EngineOptions? engine = null,
        EventTimeOptions? eventTime = null, ICombinerFeed<TOutput>? combiner = null, bool evictAfterCheckpoint = false, long logEnd = long.MaxValue)
    {
        _analytic = analytic;
        Partition = partition;
        _combiner = combiner;
        _evictAfterCheckpoint = evictAfterCheckpoint;
        Backend = new StateBackend(store ?? new MemoryPartitionStore(), new StateCache(1L << 30));
        Facts = new FixedStreamFacts(new StreamIdentity("cluster", "topic")) { Low = 0, High = logEnd };
        _services = new ProcessorServices(Backend, Sink, Facts, EmbeddedBroker: false,
            engine ?? new EngineOptions { CheckpointInterval = TimeSpan.Zero, MaxBatch = int.MaxValue, LostRecords = "fail" },
            eventTime ?? new EventTimeOptions { IdleAfter = TimeSpan.FromMinutes(1) }, Metrics, Clock, NullLogger.Instance, "node");
    }

    public int Partition { get; }

    public ManualClock Clock { get; } = new(ProcessorHarness.Wall);

    public CollectingSink Sink { get; } = new();

    public EngineMetrics Metrics { get; } = new();

    public StateBackend Backend { get; }

    public FixedStreamFacts Facts { get; }

    public LocalEntities<TInput, TOutput> Entities { get; private set; } = null!;

    public string PartitionId => PartitionIds.Of(_analytic.InputTopic, Partition);

    /// <summary>Starts a processor on the partition; the offset it resumes from.</summary>
    public async Task<long> StartAsync()
    {
        Entities = new LocalEntities<TInput, TOutput>(_analytic, Backend, Clock) { EvictAfterCheckpoint = _evictAfterCheckpoint };
        _processor = new PartitionProcessor<TInput, TOutput>(_analytic, Partition, Entities, _combiner, _services);
        return await _processor.StartAsync(Task.Delay(Timeout.Infinite)) ?? throw new InvalidOperationException("the partition was held");
    }

    /// <summary>One step over records at consecutive offsets from <paramref name="offset"/>; what it made committable.</summary>
    public Task<object?> StepAsync(long offset, params byte[][] values) =>
        Processor.StepAsync([.. values.Select((v, i) => Record(offset + i, v))]);

    public Task<object?> StepAsync(IReadOnlyList<ConsumedRecord> records) => Processor.StepAsync(records);

    /// <summary>A step without records: what the engine's tick does.</summary>
    public Task<object?> TickAsync() => Processor.StepAsync([]);

    public Task<object?> DrainAsync() => Processor.DrainAsync();

    /// <summary>The node dies: processor and entities are gone; a new processor resumes from the store. The offset it resumes from.</summary>
    public async Task<long> CrashAsync()
    {
        _processor?.Dispose();
        Entities.Crash();
        return await StartAsync();
    }

    /// <summary>A consumed record of this partition; its committable token is its offset.</summary>
    public ConsumedRecord Record(long offset, byte[] value) =>
        new(new InputRecord(_analytic.InputTopic, Partition, offset, ProcessorHarness.Wall, value), null, offset);

    public void Dispose() => _processor?.Dispose();

    private PartitionProcessor<TInput, TOutput> Processor => _processor ?? throw new InvalidOperationException("StartAsync first");
}
