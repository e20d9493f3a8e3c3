namespace Streaming.Engine.State;

/// <summary>
/// A key's state as the backend stores it: the encoded state, the last offset of its partition it reflects, and when
/// it expires (event time; null: never — see the function's time-to-live).
/// </summary>
public sealed record StoredState(byte[] Bytes, long AppliedOffset, DateTimeOffset? ExpiresAt);
