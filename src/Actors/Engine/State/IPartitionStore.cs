using System.Collections.Immutable;

namespace Streaming.Engine.State;

/// <summary>
/// The keyed state backend in the database the journal already uses (Flink's RocksDB backend is the model): per input
/// partition a checkpoint row, the states of its keys, their event-time timers indexed by due time, and result stamps.
/// A checkpoint writes only what changed since the one before, in one transaction with the partition's offset, so what
/// a partition holds is bounded by its live keys, and opening it reads its row and stamps, not its states.
/// </summary>
public interface IPartitionStore
{
    /// <summary>Creates the tables when missing.</summary>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>The partition's checkpoint as stored (<see cref="StoredPartition.Initial"/> when it has none); changes nothing.</summary>
    Task<StoredPartition> ReadAsync(string partitionId, CancellationToken ct = default);

    /// <summary>
    /// A processor takes the partition over: the epoch goes up (writes of older processors are fenced from now on), the
    /// owner is recorded, and with <paramref name="fresh"/> everything the partition held is dropped first.
    /// </summary>
    Task<PartitionOpen> OpenAsync(string partitionId, string owner, bool fresh, CancellationToken ct = default);

    /// <summary>The processor of <paramref name="epoch"/> no longer processes the partition.</summary>
    Task CloseAsync(string partitionId, long epoch, CancellationToken ct = default);

    /// <summary>Writes a checkpoint; false when a newer processor opened the partition (nothing was written).</summary>
    Task<bool> CommitAsync(CheckpointWrite write, CancellationToken ct = default);

    /// <summary>A key's stored state, or null.</summary>
    Task<StoredState?> LoadAsync(StateKey key, CancellationToken ct = default);

    /// <summary>The partition's timers after <paramref name="after"/> (all when null) in (due, kind, key) order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<TimerRow>> TimersAsync(string partitionId, TimerRow? after, int limit, CancellationToken ct = default);

    /// <summary>Makes result stamps durable (the first stamp of a result id wins).</summary>
    Task SaveStampsAsync(string partitionId, ImmutableArray<ResultStamp> stamps, CancellationToken ct = default);

    /// <summary>Drops everything the partition holds; its epoch goes up and its owner is cleared.</summary>
    Task ResetAsync(string partitionId, CancellationToken ct = default);

    /// <summary>How many states the partition holds (for metrics and tests).</summary>
    Task<long> CountStatesAsync(string partitionId, CancellationToken ct = default);
}
