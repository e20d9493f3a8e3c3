using Streaming.Actors.Entities;

namespace Streaming.Actors.Tests.Entities;

public sealed class SnapshotPolicyTests
{
    [Theory]
    [InlineData(19, 1_000_000, 10, false)] // not enough events, however many states
    [InlineData(20, 9, 10, false)] // enough events, fewer states than the store holds
    [InlineData(20, 10, 10, true)] // as many states as the store holds
    [InlineData(500, 24_000, 24_000, true)]
    [InlineData(500, 23_999, 24_000, false)] // a quiet partition with many retained states waits
    [InlineData(20, 0, 0, true)] // an empty store snapshots on the event count alone
    public void ASnapshotIsDueAfterEnoughEventsAndAStoresWorthOfStates(long events, long states, int stored, bool due) =>
        Assert.Equal(due, SnapshotPolicy.IsDue(events, states, stored, snapshotEvery: 20));

    [Fact]
    public void ANonPositiveIntervalMeansEveryEvent()
    {
        Assert.True(SnapshotPolicy.IsDue(1, 5, 5, snapshotEvery: 0));
        Assert.False(SnapshotPolicy.IsDue(0, 5, 5, snapshotEvery: 0));
    }
}
