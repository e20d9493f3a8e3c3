using Streaming.Actors.Products;

namespace Streaming.Actors.Entities;

/// <summary>
/// The entity states that a partition checkpoint stores as deltas against the state stored before (product windows:
/// a checkpoint otherwise rewrites every open pane's user set); every other state is stored whole. The entity computes
/// the delta from its checkpoint before, and the checkpoint actor's recovery replays the journal in order, so a delta
/// always meets the state it was computed from.
/// </summary>
public static class StateDeltas
{
    /// <summary>The delta from <paramref name="previous"/> to <paramref name="next"/> (entity checkpoints), or null to store <paramref name="next"/> whole.</summary>
    public static object? Between(object previous, object next) =>
        (previous, next) switch
        {
            (EntityCheckpoint<ProductWindowsState> before, EntityCheckpoint<ProductWindowsState> after) =>
                new EntityCheckpointDelta<ProductWindowsDelta>(ProductWindowsDelta.Between(before.State, after.State), after.AppliedOffset),
            _ => null,
        };

    public static bool IsDelta(StatePayload payload) => payload.Is<EntityCheckpointDelta<ProductWindowsDelta>>();

    /// <summary>The whole entity checkpoint that <paramref name="delta"/> leads to from <paramref name="previous"/>.</summary>
    public static object Apply(object? previous, object delta) =>
        (previous, delta) switch
        {
            (EntityCheckpoint<ProductWindowsState> before, EntityCheckpointDelta<ProductWindowsDelta> change) =>
                new EntityCheckpoint<ProductWindowsState>(change.Delta.ApplyTo(before.State), change.AppliedOffset),
            _ => throw new InvalidOperationException(
                $"A stored {delta.GetType().Name} cannot apply to {previous?.GetType().Name ?? "no stored state"}: the partition's journal is inconsistent."),
        };

    /// <summary>
    /// <see cref="Apply(object?, object)"/> over stored payloads; the result is serialized only when asked for, so a
    /// recovery that replays a chain of deltas applies them to objects.
    /// </summary>
    public static StatePayload Apply(StatePayload previous, StatePayload delta) => StatePayload.Deferred(Apply(previous.Read(), delta.Read()));
}
