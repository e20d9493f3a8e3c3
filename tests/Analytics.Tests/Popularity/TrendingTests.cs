using Streaming.Analytics.Popularity;

namespace Streaming.Analytics.Tests.Popularity;

public sealed class TrendingTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddMinutes(10);
    private static readonly PopularityOptions Top3 = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), 3);

    private static ProductPopularity Rec(string product, long views, string? category = null, DateTimeOffset? start = null) =>
        ProductWindowsLogic.Record(product, start ?? Start, (start ?? Start).AddMinutes(10), views, 0, 0, 1, 0m, category, null);

    [Fact]
    public void RanksByScoreDescendingThenProductIdAscendingOrdinal()
    {
        var records = new[] { Rec("b", 5), Rec("a", 5), Rec("B", 5), Rec("c", 9), Rec("d", 1) };
        var top = TrendingLogic.Top(records, Top3);
        Assert.Equal(["c", "B", "a"], top.TopProducts.Select(p => p.ProductId));
        Assert.Equal([1, 2, 3], top.TopProducts.Select(p => p.Rank));
        Assert.Equal(5, top.ProductCount);
        Assert.Equal(Start, top.WindowStart);
        Assert.Equal(End, top.WindowEnd);
    }

    [Fact]
    public void ScoreWeighsViewsCartsAndPurchases()
    {
        var viewer = ProductWindowsLogic.Record("v", Start, End, 7, 0, 0, 1, 0m, null, null);
        var carter = ProductWindowsLogic.Record("c", Start, End, 0, 2, 0, 1, 0m, null, null);
        var buyer = ProductWindowsLogic.Record("p", Start, End, 0, 0, 1, 1, 0m, null, null);
        Assert.Equal([7L, 6L, 5L], new[] { viewer, carter, buyer }.Select(r => r.PopularityScore));
        Assert.Equal(["v", "c", "p"], TrendingLogic.Top([buyer, carter, viewer], Top3).TopProducts.Select(p => p.ProductId));
    }

    [Fact]
    public void PerCategoryListsAreTopNWithinTheCategoryAndSkipProductsWithoutOne()
    {
        var records = new[]
        {
            Rec("a", 1, "shoes"), Rec("b", 2, "shoes"), Rec("c", 3, "shoes"), Rec("d", 4, "shoes"),
            Rec("e", 10, "hats"), Rec("f", 100, null), Rec("g", 50, ""),
        };
        var top = TrendingLogic.Top(records, Top3);
        Assert.Equal(["f", "g", "e"], top.TopProducts.Select(p => p.ProductId));
        Assert.Equal(["hats", "shoes"], top.ByCategory.Keys);
        Assert.Equal(["d", "c", "b"], top.ByCategory["shoes"].Select(p => p.ProductId));
        Assert.Equal([1, 2, 3], top.ByCategory["shoes"].Select(p => p.Rank));
        Assert.Equal(["e"], top.ByCategory["hats"].Select(p => p.ProductId));
    }

    [Fact]
    public void FewerProductsThanNAreAllListed()
    {
        var top = TrendingLogic.Top([Rec("a", 1)], PopularityOptions.Default);
        Assert.Single(top.TopProducts);
        Assert.Empty(top.ByCategory);
    }

    [Fact]
    public void IdenticalDuplicatesCountOnceAndBadInputIsRejected()
    {
        Assert.Equal(2, TrendingLogic.Top([Rec("a", 1), Rec("a", 1), Rec("b", 1)], Top3).ProductCount);
        Assert.Throws<ArgumentException>(() => TrendingLogic.Top([Rec("a", 1), Rec("a", 2)], Top3));
        Assert.Throws<ArgumentException>(() => TrendingLogic.Top([Rec("a", 1), Rec("b", 1, start: End)], Top3));
        Assert.Throws<ArgumentException>(() => TrendingLogic.Top([], Top3));
    }

    [Fact]
    public void AWindowIsReleasedOnlyWhenEveryActivePartitionsWatermarkHasReachedItsEnd()
    {
        var state = TrendingAggregatorState.Create([0, 1, 2]);
        state = TrendingAggregator.Add(state, Rec("a", 1)).State;
        state = TrendingAggregator.Add(state, Rec("b", 2)).State;
        state = TrendingAggregator.ObserveWatermark(state, 0, End.AddHours(1));
        state = TrendingAggregator.ObserveWatermark(state, 1, End.AddMilliseconds(-1));
        state = TrendingAggregator.ObserveWatermark(state, 2, End.AddMilliseconds(-1));
        Assert.Empty(TrendingAggregator.Release(state, Top3).Released);
        state = TrendingAggregator.ObserveWatermark(state, 1, End);
        Assert.Empty(TrendingAggregator.Release(state, Top3).Released);
        Assert.Equal(End, TrendingAggregator.NextReleaseTime(state));

        state = TrendingAggregator.ObserveWatermark(state, 2, End);
        var released = TrendingAggregator.Release(state, Top3);
        var record = Assert.Single(released.Released);
        Assert.Equal(["b", "a"], record.TopProducts.Select(p => p.ProductId));
        Assert.Empty(released.State.Pending);
        Assert.Null(TrendingAggregator.NextReleaseTime(released.State));
        Assert.Equal(End, released.State.ReleasedThrough);

        // Released once: again nothing, and a record of that window arriving later is ignored.
        Assert.Empty(TrendingAggregator.Release(released.State, Top3).Released);
        var lateAdd = TrendingAggregator.Add(released.State, Rec("c", 100));
        Assert.Equal(TrendingAddOutcome.AlreadyReleased, lateAdd.Outcome);
        Assert.Same(released.State, lateAdd.State);
    }

    [Fact]
    public void APartitionThatHasSeenNoEventDoesNotHoldTheOthersBack()
    {
        var state = TrendingAggregatorState.Create([0, 1, 2]);
        state = TrendingAggregator.Add(state, Rec("a", 1)).State;
        Assert.Equal(DateTimeOffset.MinValue, state.CombinedWatermark);
        state = TrendingAggregator.ObserveWatermark(state, 0, End);
        state = TrendingAggregator.ObserveWatermark(state, 1, End.AddMinutes(1));
        Assert.Equal(End, state.CombinedWatermark);
        Assert.Single(TrendingAggregator.Release(state, Top3).Released);
    }

    [Fact]
    public void AnIdlePartitionIsLeftOutUntilItIsActiveAgainAndTheCombinedWatermarkNeverMovesBack()
    {
        var state = TrendingAggregatorState.Create([0, 1]);
        state = TrendingAggregator.Add(state, Rec("a", 1)).State;
        state = TrendingAggregator.ObserveWatermark(state, 0, End.AddMinutes(-5));
        state = TrendingAggregator.ObserveWatermark(state, 1, End.AddMinutes(1));
        Assert.Empty(TrendingAggregator.Release(state, Top3).Released);

        // Partition 0 goes idle: only partition 1 counts, and the window is released.
        state = TrendingAggregator.ObserveWatermark(state, 0, End.AddMinutes(-5), active: false);
        Assert.Equal(End.AddMinutes(1), state.CombinedWatermark);
        var released = TrendingAggregator.Release(state, Top3);
        Assert.Single(released.Released);
        Assert.Equal(End.AddMinutes(1), released.State.ReleasedThrough);

        // Active again behind the others: the minimum drops, but what was released stays released.
        state = TrendingAggregator.ObserveWatermark(released.State, 0, End.AddMinutes(-4), active: true);
        Assert.Equal(End.AddMinutes(-4), state.CombinedWatermark);
        Assert.Equal(End.AddMinutes(1), TrendingAggregator.Release(state, Top3).State.ReleasedThrough);
        Assert.Equal(TrendingAddOutcome.AlreadyReleased, TrendingAggregator.Add(state, Rec("b", 1)).Outcome);
    }

    [Fact]
    public void WhenEveryPartitionIsIdleTheSlowestOneStillClosesWindows()
    {
        var state = TrendingAggregatorState.Create([0, 1, 2]);
        state = TrendingAggregator.ObserveWatermark(state, 0, End.AddMinutes(3), active: false);
        state = TrendingAggregator.ObserveWatermark(state, 1, End.AddMinutes(1), active: false);
        Assert.Equal(End.AddMinutes(1), state.CombinedWatermark);
        state = TrendingAggregator.ObserveWatermark(state, 1, End.AddMinutes(2), active: false);
        Assert.Equal(End.AddMinutes(2), state.CombinedWatermark);
    }

    [Fact]
    public void RedeliveredRecordsAreIdempotent()
    {
        var state = TrendingAggregatorState.Create([0]);
        var first = TrendingAggregator.Add(state, Rec("a", 1));
        Assert.Equal(TrendingAddOutcome.Added, first.Outcome);
        var again = TrendingAggregator.Add(first.State, Rec("a", 1));
        Assert.Equal(TrendingAddOutcome.Duplicate, again.Outcome);
        Assert.Same(first.State, again.State);
        var conflicting = TrendingAggregator.Add(first.State, Rec("a", 2));
        Assert.Equal(TrendingAddOutcome.Conflicting, conflicting.Outcome);
        Assert.Same(first.State, conflicting.State);

        var released = TrendingAggregator.Release(TrendingAggregator.ObserveWatermark(again.State, 0, End), Top3);
        Assert.Equal(1, Assert.Single(released.Released).ProductCount);
    }

    [Fact]
    public void WindowsAreReleasedInOrderAndOnlyThoseThatAreDue()
    {
        var state = TrendingAggregatorState.Create([0, 1]);
        foreach (var minute in new[] { 2, 0, 1 })
        {
            state = TrendingAggregator.Add(state, Rec("a", 1, start: Start.AddMinutes(minute))).State;
        }

        state = TrendingAggregator.ObserveWatermark(state, 0, End.AddMinutes(5));
        state = TrendingAggregator.ObserveWatermark(state, 1, End.AddMinutes(1));
        var released = TrendingAggregator.Release(state, Top3);
        Assert.Equal([End, End.AddMinutes(1)], released.Released.Select(r => r.WindowEnd));
        Assert.Equal(End.AddMinutes(2), TrendingAggregator.NextReleaseTime(released.State));
    }

    [Fact]
    public void WatermarksOnlyMoveForwardAndUnknownPartitionsAreRejected()
    {
        var state = TrendingAggregatorState.Create([3, 1]);
        Assert.Equal([1, 3], state.Watermarks.Keys);
        Assert.Equal(DateTimeOffset.MinValue, state.CombinedWatermark);
        state = TrendingAggregator.ObserveWatermark(state, 1, End);
        Assert.Same(state, TrendingAggregator.ObserveWatermark(state, 1, Start));
        Assert.Throws<ArgumentException>(() => TrendingAggregator.ObserveWatermark(state, 2, End));
        Assert.Throws<ArgumentException>(() => TrendingAggregatorState.Create([]));
    }
}
