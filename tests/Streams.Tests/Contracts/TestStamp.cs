using Streaming.Streams.Contracts;

namespace Streaming.Streams.Tests.Contracts;

/// <summary>Deterministic stamps: a fixed receive time and ids "gen-1", "gen-2", ….</summary>
internal static class TestStamp
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 11, 25, 12, 0, 0, 456, TimeSpan.Zero);

    public const string ReceivedAtWire = "2026-11-25T12:00:00.456Z";

    public static EventStamp Create(DateTimeOffset? receivedAt = null)
    {
        var next = 0;
        return new EventStamp(receivedAt ?? ReceivedAt, () => "gen-" + Interlocked.Increment(ref next));
    }
}
