using Streaming.Analytics.Keyed;
using Streaming.Engine.Processing;

namespace Streaming.Engine.Tests.Support;

/// <summary>
/// A combiner shared by several partitions' processors, in memory: each contribution goes through the combiner's own
/// codec, <c>Add</c> and <c>Release</c> (as the combiner entity does, without its journal); released records are kept
/// in order, and so is what each partition reported.
/// </summary>
public sealed class LocalCombiner<TOutput, TPart, TState, TRecord> : ICombinerFeed<TOutput>
    where TPart : class
    where TState : class
    where TRecord : class
{
    private readonly Combiner<TOutput, TPart, TState, TRecord> _combiner;
    private readonly Lock _gate = new();
    private readonly List<TRecord> _released = [];
    private readonly List<(int Partition, DateTimeOffset Watermark, bool Active)> _reports = [];
    private TState _state;

    public LocalCombiner(Combiner<TOutput, TPart, TState, TRecord> combiner, int partitions)
    {
        _combiner = combiner;
        _state = combiner.Create(partitions);
    }

    public IReadOnlyList<TRecord> Released
    {
        get { lock (_gate) return [.. _released]; }
    }

    public IReadOnlyList<(int Partition, DateTimeOffset Watermark, bool Active)> Reports
    {
        get { lock (_gate) return [.. _reports]; }
    }

    public Task ContributeAsync(int partition, IReadOnlyList<TOutput> published, DateTimeOffset watermark, bool active)
    {
        var part = _combiner.DecodePart(_combiner.EncodePart(_combiner.Part(published)));
        lock (_gate)
        {
            _reports.Add((partition, watermark, active));
            (_state, _) = _combiner.Add(_state, partition, part, watermark, active);
            (_state, var released) = _combiner.Release(_state);
            _released.AddRange(released);
        }
        return Task.CompletedTask;
    }
}
