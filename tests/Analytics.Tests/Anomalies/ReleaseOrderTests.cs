using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Analytics.Anomalies;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Tests.Anomalies;

/// <summary>Buffered order events are released by (event time, event id), whatever order they were buffered in.</summary>
public sealed class ReleaseOrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static OrderActivity Ev(int second, string id) => new(id, "o1", "u1", T0.AddSeconds(second), OrderStatus.Created, 10m, null);

    [Property(MaxTest = 300)]
    public Property AnyBufferComesOutInTimeThenIdOrder() =>
        Prop.ForAll(Gen.ListOf(Gen.Zip(Gen.Choose(0, 5), Gen.Choose(0, 9))).ToArbitrary(), pairs =>
        {
            var events = pairs.Select((p, i) => Ev(p.Item1, $"e{p.Item2}-{i}")).ToImmutableArray();
            var reference = events.OrderBy(e => e.Time).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
            Assert.Equal(reference, ReleaseOrder.Sorted(events));
        });

    [Fact]
    public void EqualTimesGoByOrdinalId()
    {
        var sorted = ReleaseOrder.Sorted([Ev(1, "b"), Ev(1, "B"), Ev(0, "z"), Ev(1, "a")]);
        Assert.Equal(["z", "B", "a", "b"], sorted.Select(e => e.EventId));
    }

    [Fact]
    public void ASortedBufferIsKeptAsItIs()
    {
        ImmutableArray<OrderActivity> events = [Ev(0, "a"), Ev(1, "a"), Ev(1, "b")];
        // ImmutableArray equality is the identity of the underlying array: no copy was made.
        Assert.True(ReleaseOrder.Sorted(events) == events);
        Assert.Empty(ReleaseOrder.Sorted(default));
    }

    [Property(MaxTest = 300)]
    public Property TheDuePrefixIsEveryEventBeforeTheWatermarkAndAllAtTheEnd() =>
        Prop.ForAll(Gen.ListOf(Gen.Choose(0, 5)).ToArbitrary(), Gen.Choose(0, 6).ToArbitrary(), (seconds, mark) =>
        {
            var buffer = ReleaseOrder.Sorted([.. seconds.Select((s, i) => Ev(s, $"e{i}"))]);
            Assert.Equal(buffer.Count(e => e.Time < T0.AddSeconds(mark)), ReleaseOrder.DueCount(buffer, T0.AddSeconds(mark)));
            Assert.Equal(buffer.Length, ReleaseOrder.DueCount(buffer, DateTimeOffset.MaxValue));
        });

    [Fact]
    public void ABufferHoldsAnEventOnlyWithTheSameTimeAndId()
    {
        ImmutableArray<OrderActivity> buffer = [Ev(0, "a"), Ev(1, "b")];
        Assert.True(ReleaseOrder.Holds(buffer, T0.AddSeconds(1), "b"));
        Assert.False(ReleaseOrder.Holds(buffer, T0.AddSeconds(0), "b"));
        Assert.False(ReleaseOrder.Holds(buffer, T0.AddSeconds(1), "B"));
    }
}
