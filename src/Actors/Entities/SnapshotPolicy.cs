namespace Streaming.Actors.Entities;

/// <summary>
/// When a partition's checkpoint actor snapshots its store: after at least <c>snapshotEvery</c>
/// events, and only once the entity states those events carried add up to the store's size. A
/// snapshot writes every state of the partition, so in quiet periods a store of many retained
/// states (e.g. orders kept for their retention) is not rewritten whole every few seconds just
/// to replace a few changed ones; recovery still replays at most about one store's worth of states
/// after the snapshot (or <c>snapshotEvery</c> events, whichever is more). Log compaction's rule.
/// </summary>
public static class SnapshotPolicy
{
    public static bool IsDue(long eventsSinceSnapshot, long statesSinceSnapshot, int storedStates, int snapshotEvery) =>
        eventsSinceSnapshot >= Math.Max(1, snapshotEvery) && statesSinceSnapshot >= storedStates;
}
