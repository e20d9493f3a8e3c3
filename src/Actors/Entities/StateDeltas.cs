using Streaming.Actors.Products;

namespace Streaming.Actors.Entities;

/// <summary>
/// The entity states that a partition checkpoint stores as deltas against the state it stored before
/// (product windows: a checkpoint otherwise rewrites every open pane's user set); every other state is
/// stored whole. The checkpoint actor computes a delta against its own last stored state, and its
/// recovery replays the journal in order, so a delta always meets the state it was computed from.
/// </summary>
public static class StateDeltas
{
    /// <summary>The delta payload from <paramref name="previous"/> to <paramref name="next"/>, or null to store <paramref name="next"/> whole.</summary>
    public static object? Between(object previous, object next) =>
        (previous, next) switch
        {
            (EntityCheckpoint<ProductWindowsState> before, EntityCheckpoint<ProductWindowsState> after) =>
                new EntityCheckpointDelta<ProductWindowsDelta>(ProductWindowsDelta.Between(before.State, after.State), after.AppliedOffset),
            _ => null,
        };

    public static bool IsDelta(object payload) => payload is EntityCheckpointDelta<ProductWindowsDelta>;

    /// <summary>The whole payload that <paramref name="delta"/> leads to from <paramref name="previous"/>.</summary>
    public static object Apply(object? previous, object delta) =>
        (previous, delta) switch
        {
            (EntityCheckpoint<ProductWindowsState> before, EntityCheckpointDelta<ProductWindowsDelta> change) =>
                new EntityCheckpoint<ProductWindowsState>(change.Delta.ApplyTo(before.State), change.AppliedOffset),
            _ => throw new InvalidOperationException(
                $"A stored {delta.GetType().Name} cannot apply to {previous?.GetType().Name ?? "no stored state"}: the partition's journal is inconsistent."),
        };
}
