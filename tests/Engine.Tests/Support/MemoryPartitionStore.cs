using System.Collections.Immutable;
using Streaming.Engine.State;

namespace Streaming.Engine.Tests.Support;

/// <summary>
/// <see cref="IPartitionStore"/> in dictionaries, for the processor's harness (thousands of runs): the same semantics as
/// the SQL stores, which the backend's tests check against the same model.
/// </summary>
public sealed class MemoryPartitionStore : IPartitionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredPartition> _partitions = new(StringComparer.Ordinal);
    private readonly Dictionary<StateKey, StoredState> _states = [];
    private readonly Dictionary<StateKey, DateTimeOffset> _timers = [];
    private readonly Dictionary<(string Partition, string Id), ResultStamp> _stamps = [];

    public int Commits { get; private set; }

    public Task InitializeAsync(CancellationToken ct = default) => Task.CompletedTask;

    public Task<StoredPartition> ReadAsync(string partitionId, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_partitions.GetValueOrDefault(partitionId) ?? StoredPartition.Initial(partitionId));
    }

    public Task<PartitionOpen> OpenAsync(string partitionId, string owner, bool fresh, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var current = _partitions.GetValueOrDefault(partitionId) ?? StoredPartition.Initial(partitionId);
            if (fresh) Drop(partitionId);
            var opened = (fresh ? StoredPartition.Initial(partitionId) : current) with { Epoch = current.Epoch + 1, Owner = owner };
            _partitions[partitionId] = opened;
            return Task.FromResult(new PartitionOpen(opened, [.. _stamps.Where(s => s.Key.Partition == partitionId).Select(s => s.Value)]));
        }
    }

    public Task CloseAsync(string partitionId, long epoch, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_partitions.TryGetValue(partitionId, out var p) && p.Epoch == epoch) _partitions[partitionId] = p with { Owner = null };
        }
        return Task.CompletedTask;
    }

    public Task<bool> CommitAsync(CheckpointWrite write, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_partitions.TryGetValue(write.PartitionId, out var current) || current.Epoch != write.Epoch) return Task.FromResult(false);
            Commits++;
            _partitions[write.PartitionId] = current with { Offset = write.Offset, Watermark = write.Watermark, Stream = write.Stream };
            foreach (var expired in _states.Where(s => s.Key.PartitionId == write.PartitionId && s.Value.ExpiresAt is { } x && x <= write.Watermark.Watermark)
                         .Select(s => s.Key).ToList())
            {
                _states.Remove(expired);
                _timers.Remove(expired);
            }
            foreach (var change in write.States)
            {
                var key = new StateKey(write.PartitionId, change.Kind, change.Key);
                if (change.State is { } state) _states[key] = state;
                else _states.Remove(key);
            }
            foreach (var timer in write.Timers)
            {
                var key = new StateKey(write.PartitionId, timer.Kind, timer.Key);
                if (timer.Due is { } due) _timers[key] = due;
                else _timers.Remove(key);
            }
            foreach (var stamp in _stamps.Where(s => s.Key.Partition == write.PartitionId && s.Value.Offset <= write.Offset).Select(s => s.Key).ToList())
                _stamps.Remove(stamp);
            return Task.FromResult(true);
        }
    }

    public Task<StoredState?> LoadAsync(StateKey key, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_states.GetValueOrDefault(key));
    }

    public Task<IReadOnlyList<TimerRow>> TimersAsync(string partitionId, TimerRow? after, int limit, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<TimerRow> rows = [.. _timers.Where(t => t.Key.PartitionId == partitionId)
                .Select(t => new TimerRow(t.Key.Kind, t.Key.Key, t.Value))
                .Where(t => after is not { } a || Compare(t, a) > 0)
                .Order(Comparer<TimerRow>.Create(Compare))
                .Take(limit)];
            return Task.FromResult(rows);
        }
    }

    public Task SaveStampsAsync(string partitionId, ImmutableArray<ResultStamp> stamps, CancellationToken ct = default)
    {
        lock (_gate)
        {
            foreach (var stamp in stamps) _stamps.TryAdd((partitionId, stamp.ResultId), stamp);
        }
        return Task.CompletedTask;
    }

    public Task ResetAsync(string partitionId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var current = _partitions.GetValueOrDefault(partitionId) ?? StoredPartition.Initial(partitionId);
            Drop(partitionId);
            _partitions[partitionId] = StoredPartition.Initial(partitionId) with { Epoch = current.Epoch + 1 };
        }
        return Task.CompletedTask;
    }

    public Task<long> CountStatesAsync(string partitionId, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult((long)_states.Keys.Count(k => k.PartitionId == partitionId));
    }

    public int Timers(string partitionId)
    {
        lock (_gate) return _timers.Keys.Count(k => k.PartitionId == partitionId);
    }

    private void Drop(string partitionId)
    {
        foreach (var key in _states.Keys.Where(k => k.PartitionId == partitionId).ToList()) _states.Remove(key);
        foreach (var key in _timers.Keys.Where(k => k.PartitionId == partitionId).ToList()) _timers.Remove(key);
        foreach (var key in _stamps.Keys.Where(k => k.Partition == partitionId).ToList()) _stamps.Remove(key);
    }

    /// <summary>(due, kind, key) by code point, as the SQL stores order timers.</summary>
    public static int Compare(TimerRow x, TimerRow y)
    {
        var due = x.Due.CompareTo(y.Due);
        if (due != 0) return due;
        var kind = string.CompareOrdinal(x.Kind, y.Kind);
        return kind != 0 ? kind : string.CompareOrdinal(x.Key, y.Key);
    }
}
