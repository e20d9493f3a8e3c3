namespace Streaming.Streams.Broker;

/// <summary>The offsets a partition's log holds now: from <paramref name="Low"/> (the oldest kept) to <paramref name="High"/> (the next to be written).</summary>
public sealed record LogRange(long Low, long High);
