using Streaming.Analytics.Keyed;
using Streaming.Engine.Entities;
using Streaming.Engine.Processing;
using Streaming.Engine.State;

namespace Streaming.Engine.Tests.Support;

/// <summary>
/// The processor's entities held in memory, as the actor shells do it: each key's <see cref="KeyedEntityCore{TInput, TState, TOutput}"/>
/// loads its state from the backend on its first message and again when a newer processor sends to it; evicted and
/// dormant keys leave; <see cref="Crash"/> drops every key (a node that died).
/// </summary>
public sealed class LocalEntities<TInput, TOutput> : IEntityDispatcher
    where TInput : notnull
{
    private readonly Dictionary<string, Func<string, StoredState?, ILocalEntity>> _factories = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Kind, string Key), ILocalEntity> _live = [];
    private readonly StateBackend _backend;
    private readonly TimeProvider _clock;
    // The processor tells entities while its next step's round runs (results remembered after a publish).
    private readonly SemaphoreSlim _gate = new(1, 1);

    public LocalEntities(Analytic<TInput, TOutput> analytic, StateBackend backend, TimeProvider clock)
    {
        _backend = backend;
        _clock = clock;
        foreach (var function in analytic.Functions) _factories[function.Kind] = function.Accept(new Factory(analytic.TimeOf));
    }

    /// <summary>Keys alive in memory.</summary>
    public int Live => _live.Count;

    /// <summary>When set, every key leaves memory after each confirmed checkpoint (its state then always round-trips through the backend).</summary>
    public bool EvictAfterCheckpoint { get; set; }

    public void Crash() => _live.Clear();

    public async Task<IReadOnlyList<TReply>> RoundAsync<TReply>(IReadOnlyList<(string Kind, IEntityMessage Command)> commands) where TReply : IEntityReply
    {
        var replies = new List<TReply>(commands.Count);
        foreach (var (kind, command) in commands) replies.Add((TReply)(await HandleAsync(kind, command))!);
        return replies;
    }

    public void Tell(string kind, IEntityMessage message) => HandleAsync(kind, message).GetAwaiter().GetResult();

    /// <summary>Every key is in this process.</summary>
    public Task<bool> HostedHereAsync(string kind, int partition, string partitionId, TimeSpan timeout) => Task.FromResult(true);

    private async Task<object?> HandleAsync(string kind, IEntityMessage message)
    {
        await _gate.WaitAsync();
        try
        {
            return await HandleLockedAsync(kind, message);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<object?> HandleLockedAsync(string kind, IEntityMessage message)
    {
        var id = (kind, message.EntityId);
        if (_live.TryGetValue(id, out var entity) && message is IProcessorCommand newer && newer.Epoch > Math.Max(entity.Epoch, entity.LoadEpoch)) _live.Remove(id);
        if (!_live.TryGetValue(id, out entity))
        {
            var stored = await _backend.LoadAsync(new StateKey(message.PartitionId, kind, message.EntityId));
            entity = _factories[kind](message.EntityId, stored);
            entity.LoadEpoch = (message as IProcessorCommand)?.Epoch ?? 0;
            _live[id] = entity;
        }
        var answer = entity.Handle(message, _clock.GetUtcNow());
        if (message is CheckpointConfirmed && (entity.IsDormant || (EvictAfterCheckpoint && entity.IsClean))) _live.Remove(id);
        if (message is EvictEntity && entity.IsClean) _live.Remove(id);
        return answer;
    }

    public void Dispose() => _gate.Dispose();

    public interface ILocalEntity
    {
        long Epoch { get; }

        long LoadEpoch { get; set; }

        bool IsClean { get; }

        bool IsDormant { get; }

        object? Handle(IEntityMessage message, DateTimeOffset now);
    }

    private sealed class Factory(Func<TInput, DateTimeOffset> timeOf) : IKeyedFunctionVisitor<TInput, TOutput, Func<string, StoredState?, ILocalEntity>>
    {
        public Func<string, StoredState?, ILocalEntity> Visit<TState>(KeyedFunction<TInput, TState, TOutput> keyed) where TState : class =>
            (key, stored) => new Local<TState>(new KeyedEntityCore<TInput, TState, TOutput>(keyed, timeOf, key, stored));
    }

    private sealed class Local<TState>(KeyedEntityCore<TInput, TState, TOutput> core) : ILocalEntity
        where TState : class
    {
        public long Epoch => core.Epoch;

        public long LoadEpoch { get; set; }

        public bool IsClean => core.IsClean;

        public bool IsDormant => core.IsDormant;

        public object? Handle(IEntityMessage message, DateTimeOffset now) => message switch
        {
            ApplyInputs<TInput> apply => core.Apply(apply, now),
            FireTimers fire => core.Fire(fire, now),
            CheckpointEntity checkpoint => core.Checkpoint(checkpoint),
            CheckpointConfirmed confirmed => core.Confirm(confirmed.Epoch, confirmed.Stage, confirmed.AppliedOffset, confirmed.Deleted),
            RememberResults<TOutput> remember => Remember(remember),
            QueryEntity query => new EntityQueried(query.EntityId, core.Query(query.Query, now)),
            EvictEntity => null,
            _ => throw new InvalidOperationException($"unexpected {message.GetType().Name}"),
        };

        private object? Remember(RememberResults<TOutput> remember)
        {
            core.Remember(remember.Outputs);
            return null;
        }
    }
}
