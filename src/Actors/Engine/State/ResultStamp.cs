namespace Streaming.Engine.State;

/// <summary>
/// The wall-clock field (e.g. detected_at) first given to a result id, made at the step that ended at offset
/// <paramref name="Offset"/>: a replay from a checkpoint before it republishes the result with this stamp; once a
/// checkpoint covers the offset no replay re-creates the result and the stamp goes.
/// </summary>
public sealed record ResultStamp(string ResultId, DateTimeOffset At, long Offset);
