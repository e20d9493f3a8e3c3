namespace Streaming.Actors.Entities;

/// <summary>
/// How a partition checkpoint stores an entity's <see cref="EntityCheckpoint{TState}"/> when only a part
/// of its state changed since the one stored before: the change and the offset it reflects. Replaying the
/// partition's journal in order rebuilds the whole state (see <see cref="StateDeltas"/>).
/// </summary>
public sealed record EntityCheckpointDelta<TDelta>(TDelta Delta, long AppliedOffset);
