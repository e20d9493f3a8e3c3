namespace Streaming.Streams.EventTime;

/// <summary>An event-time timer: fires for <paramref name="Key"/> when the watermark reaches <paramref name="Time"/>.</summary>
public readonly record struct EventTimer<TKey>(TKey Key, DateTimeOffset Time)
    where TKey : notnull;
