namespace Streaming.Engine.State;

/// <summary>An event-time timer of a key: due when the partition's watermark reaches <paramref name="Due"/>.</summary>
public readonly record struct TimerRow(string Kind, string Key, DateTimeOffset Due);
