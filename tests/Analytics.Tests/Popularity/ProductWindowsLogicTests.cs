using System.Collections.Immutable;
using Streaming.Analytics.Popularity;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Tests.Popularity;

/// <summary>The SPEC §3.2 window edges, with W = 10 min, S = 1 min.</summary>
public sealed class ProductWindowsLogicTests
{
    private const string Product = "p1";
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly PopularityOptions Options = PopularityOptions.Default;
    private static readonly DateTimeOffset NoWatermark = DateTimeOffset.MinValue;
    private static int _ids;

    private static DateTimeOffset At(double seconds) => T0.AddMilliseconds(Math.Round(seconds * 1000));

    private static ProductActivity Ev(
        double seconds,
        ProductAction action = ProductAction.View,
        string? user = "u1",
        int quantity = 1,
        decimal? price = null,
        string? category = null,
        string? brand = null,
        string? id = null) =>
        new(id ?? $"e{Interlocked.Increment(ref _ids):D6}", Product, At(seconds), action, user, quantity, price, category, brand);

    private static ProductWindowsState Given(params ProductActivity[] events)
    {
        var state = ProductWindowsState.Empty(Product);
        foreach (var e in events)
        {
            var result = ProductWindowsLogic.Apply(state, e, NoWatermark, Options);
            Assert.True(result.IsLate == false, result.LateReason);
            Assert.Empty(result.Outputs);
            state = result.State;
        }

        return state;
    }

    private static List<ProductPopularity> CloseAll(ProductWindowsState state) =>
        [.. ProductWindowsLogic.Close(state, DateTimeOffset.MaxValue, Options).Outputs];

    [Fact]
    public void DefaultsAreTenMinutesSlidingByOneMinuteTopTen()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), Options.ProductWindow);
        Assert.Equal(TimeSpan.FromMinutes(1), Options.ProductSlide);
        Assert.Equal(10, Options.TrendingTopN);
        Assert.Equal(10, Options.PanesPerWindow);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PopularityOptions(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PopularityOptions(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PopularityOptions(TimeSpan.FromMinutes(1), TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PopularityOptions(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PopularityOptions(TimeSpan.FromTicks(15_000), TimeSpan.FromTicks(5_000)));
        Assert.Equal(1, new PopularityOptions(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)).PanesPerWindow);
    }

    [Fact]
    public void AnEventCountsInEveryWindowContainingItAlignedToTheEpoch()
    {
        var windows = CloseAll(Given(Ev(30)));
        Assert.Equal(10, windows.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => At(-540 + (i * 60))), windows.Select(w => w.WindowStart));
        Assert.All(windows, w => Assert.Equal(w.WindowStart + TimeSpan.FromMinutes(10), w.WindowEnd));
        Assert.All(windows, w => Assert.Equal(1, w.Views));
        Assert.All(windows, w => Assert.Equal(0, w.WindowStart.ToUnixTimeMilliseconds() % 60_000));
    }

    [Fact]
    public void AnEventExactlyAtASlideBoundaryBelongsToTheWindowStartingThereAndNotToTheOneEndingThere()
    {
        var windows = CloseAll(Given(Ev(60)));
        Assert.Equal(At(-480), windows[0].WindowStart);
        Assert.Equal(At(60), windows[^1].WindowStart);
        Assert.DoesNotContain(windows, w => w.WindowEnd == At(60));
    }

    [Fact]
    public void AnEventOneMillisecondBeforeABoundaryIsInTheEarlierWindows()
    {
        var windows = CloseAll(Given(Ev(59.999)));
        Assert.Equal(At(-540), windows[0].WindowStart);
        Assert.Equal(At(0), windows[^1].WindowStart);
    }

    [Fact]
    public void EventTimesAreTruncatedToMilliseconds()
    {
        var e = Ev(0) with { Time = At(59.999).AddTicks(9_999) };
        var windows = CloseAll(Given(e));
        Assert.Equal(At(0), windows[^1].WindowStart);
    }

    [Fact]
    public void EveryFieldOfAWindow()
    {
        var state = Given(
            Ev(1, ProductAction.View, "u1"),
            Ev(2, ProductAction.View, "u2"),
            Ev(3, ProductAction.View, null),
            Ev(4, ProductAction.AddToCart, "u1"),
            Ev(5, ProductAction.Purchase, "u3", quantity: 2, price: 10.50m),
            Ev(6, ProductAction.Purchase, "", quantity: 1, price: null),
            Ev(7, ProductAction.RemoveFromCart, "u4"),
            Ev(8, ProductAction.Wishlist, "u5", category: "shoes", brand: "acme"));
        var w = CloseAll(state).Single(r => r.WindowStart == At(0));
        Assert.Equal(Product, w.ProductId);
        Assert.Equal(At(600), w.WindowEnd);
        Assert.Equal(3, w.Views);
        Assert.Equal(1, w.AddToCart);
        Assert.Equal(3, w.Purchases);
        Assert.Equal(5, w.UniqueUsers);
        Assert.Equal(21m, w.Revenue);
        Assert.Equal("21", w.Revenue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1m, w.ConversionRate);
        Assert.Equal(0.333333m, w.CartRate);
        Assert.Equal(3 + 3 + 15, w.PopularityScore);
        Assert.Equal("shoes", w.Category);
        Assert.Equal("acme", w.Brand);
    }

    [Fact]
    public void RatesAreRoundedToSixPlacesHalfAwayFromZeroAndZeroWithoutViews()
    {
        Assert.Equal(0.666667m, DecimalText.Rate(2, 3));
        Assert.Equal(0.000001m, DecimalText.Rate(1, 999_999)); // 1.000001e-6 → 0.000001
        Assert.Equal(0.000001m, DecimalText.Rate(1, 2_000_000)); // exactly 0.0000005 → away from zero
        Assert.Equal(0m, DecimalText.Rate(1, 2_000_001));
        Assert.Equal(2.5m, DecimalText.Rate(5, 2));
        Assert.Equal(0m, DecimalText.Rate(7, 0));
        Assert.Equal("0.5", DecimalText.Rate(1, 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1.5", DecimalText.Canonical(1.500m).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var onlyCart = Assert.Single(CloseAll(Given(Ev(0, ProductAction.AddToCart), Ev(1, ProductAction.Purchase))), w => w.WindowStart == At(0));
        Assert.Equal(0m, onlyCart.ConversionRate);
        Assert.Equal(0m, onlyCart.CartRate);
        Assert.Equal(8, onlyCart.PopularityScore);
    }

    [Fact]
    public void ConversionCanExceedOneBecausePurchasesAreQuantities()
    {
        var w = CloseAll(Given(Ev(0), Ev(1, ProductAction.Purchase, quantity: 3, price: 2m))).Single(r => r.WindowStart == At(0));
        Assert.Equal(3m, w.ConversionRate);
        Assert.Equal(6m, w.Revenue);
    }

    [Fact]
    public void CategoryAndBrandComeFromTheLatestEventThatHadThemPerWindow()
    {
        var state = Given(
            Ev(10, category: "late", brand: "b-late"),
            Ev(5, category: "early", brand: "b-early"),
            Ev(20, category: null, brand: ""),
            Ev(90, category: "next-minute"),
            Ev(15, brand: "b-15", id: "z"),
            Ev(15, brand: "b-15-a", id: "a"));
        var windows = CloseAll(state);
        var first = windows.Single(w => w.WindowStart == At(-540)); // contains only minute 0
        Assert.Equal("late", first.Category);
        Assert.Equal("b-15", first.Brand); // at 15 s, id "z" > "a"
        var second = windows.Single(w => w.WindowStart == At(0));
        Assert.Equal("next-minute", second.Category);
        Assert.Equal("b-15", second.Brand);
        var onlySecondMinute = windows.Single(w => w.WindowStart == At(60));
        Assert.Equal("next-minute", onlySecondMinute.Category);
        Assert.Null(onlySecondMinute.Brand);
    }

    [Fact]
    public void AWindowClosesExactlyWhenTheWatermarkReachesItsEnd()
    {
        var state = Given(Ev(30));
        Assert.Equal(At(60), ProductWindowsLogic.NextCloseTime(state, Options));
        var before = ProductWindowsLogic.Close(state, At(59.999), Options);
        Assert.Empty(before.Outputs);
        var at = ProductWindowsLogic.Close(before.State, At(60), Options);
        var w = Assert.Single(at.Outputs);
        Assert.Equal(At(-540), w.WindowStart);
        Assert.Equal(At(120), ProductWindowsLogic.NextCloseTime(at.State, Options));
        Assert.Empty(ProductWindowsLogic.Close(at.State, At(60), Options).Outputs);
        var rest = ProductWindowsLogic.Close(at.State, At(600), Options);
        Assert.Equal(9, rest.Outputs.Length);
        Assert.True(rest.State.IsEmpty);
        Assert.Null(ProductWindowsLogic.NextCloseTime(rest.State, Options));
    }

    [Fact]
    public void CloseEmitsInWindowOrderAndSkipsWindowsWithoutEvents()
    {
        var state = Given(Ev(0), Ev(1800));
        var closed = CloseAll(state);
        Assert.Equal(20, closed.Count);
        Assert.Equal(closed.OrderBy(w => w.WindowStart), closed);
        Assert.DoesNotContain(closed, w => w.WindowStart > At(0) && w.WindowStart < At(1260));
    }

    [Fact]
    public void AnEventWhoseLastWindowEndsAtTheWatermarkIsLate()
    {
        // Event at 10:00:30: last window [10:00, 10:10) ends at 10:10.
        var state = Given(Ev(1000));
        var result = ProductWindowsLogic.Apply(state, Ev(30), At(600), Options);
        Assert.True(result.IsLate);
        Assert.Contains("ends at 2024-01-01T10:10:00.000Z", result.LateReason, StringComparison.Ordinal);
        Assert.Contains("watermark 2024-01-01T10:10:00.000Z", result.LateReason, StringComparison.Ordinal);
        Assert.Equal(state.Panes, result.State.Panes);
    }

    [Fact]
    public void AnEventWhoseLastWindowEndsJustAfterTheWatermarkCountsOnlyInTheOpenWindow()
    {
        var state = Given(Ev(1000));
        var result = ProductWindowsLogic.Apply(state, Ev(30, ProductAction.Purchase), At(599.999), Options);
        Assert.False(result.IsLate);
        Assert.Null(result.LateReason);
        var windows = CloseAll(result.State);
        var counted = Assert.Single(windows, w => w.Purchases == 1);
        Assert.Equal(At(0), counted.WindowStart);
        Assert.Equal(0, counted.Views);
    }

    [Fact]
    public void OutOfOrderWithinTheBoundCountsEverywhere()
    {
        var state = Given(Ev(62));
        var result = ProductWindowsLogic.Apply(state, Ev(58), At(57), Options); // watermark = 62 − 5 s
        Assert.False(result.IsLate);
        Assert.Empty(result.Outputs);
        var windows = CloseAll(result.State);
        Assert.Equal(11, windows.Count);
        Assert.Equal(9, windows.Count(w => w.Views == 2));
    }

    [Fact]
    public void AnEventArrivingAfterSomeOfItsWindowsClosedIsNotAddedToThemAndTheyAreNotReemitted()
    {
        var state = Given(Ev(30));
        var closed = ProductWindowsLogic.Close(state, At(180), Options); // windows ending 10:01, 10:02, 10:03 emitted
        Assert.Equal(3, closed.Outputs.Length);
        var applied = ProductWindowsLogic.Apply(closed.State, Ev(40, ProductAction.AddToCart), At(180), Options);
        Assert.False(applied.IsLate);
        var rest = CloseAll(applied.State);
        Assert.Equal(7, rest.Count);
        Assert.All(rest, w => Assert.Equal(1, w.AddToCart));
        Assert.All(rest, w => Assert.True(w.WindowEnd > At(180)));
    }

    [Fact]
    public void ApplyClosesTheDueWindowsFirstSoTheOutcomeDoesNotDependOnWhetherCloseRan()
    {
        var state = Given(Ev(30));
        var direct = ProductWindowsLogic.Apply(state, Ev(40, ProductAction.AddToCart, id: "x"), At(180), Options);
        Assert.Equal(3, direct.Outputs.Length);
        Assert.All(direct.Outputs, w => Assert.Equal(0, w.AddToCart));

        var closedFirst = ProductWindowsLogic.Close(state, At(180), Options);
        var afterClose = ProductWindowsLogic.Apply(closedFirst.State, Ev(40, ProductAction.AddToCart, id: "x"), At(180), Options);
        Assert.Equal(closedFirst.Outputs.AsEnumerable(), direct.Outputs.AsEnumerable());
        Assert.Empty(afterClose.Outputs);
        Assert.Equal(afterClose.State, direct.State);
    }

    [Fact]
    public void ALateEventStillClosesTheDueWindows()
    {
        var state = Given(Ev(30));
        var result = ProductWindowsLogic.Apply(state, Ev(0), At(600), Options);
        Assert.True(result.IsLate);
        Assert.Equal(10, result.Outputs.Length);
        Assert.True(result.State.IsEmpty);
    }

    [Fact]
    public void ADroppedEmptyStateStartsAfreshAtTheNextWatermark()
    {
        var state = Given(Ev(30));
        var closed = ProductWindowsLogic.Close(state, At(600), Options);
        Assert.True(closed.State.IsEmpty);

        // The actor drops the state; an event that is not late but whose earlier windows closed arrives.
        var result = ProductWindowsLogic.Apply(ProductWindowsState.Empty(Product), Ev(90), At(600), Options);
        Assert.False(result.IsLate);
        var windows = CloseAll(result.State);
        Assert.Single(windows);
        Assert.Equal(At(60), windows[0].WindowStart);
    }

    [Fact]
    public void PanesOutsideEveryOpenWindowAreDropped()
    {
        var state = Given(Ev(0), Ev(60), Ev(120));
        Assert.Equal(3, state.Panes.Count);
        var closed = ProductWindowsLogic.Close(state, At(660), Options).State;
        Assert.Equal([At(120).ToUnixTimeMilliseconds()], closed.Panes.Keys);
        Assert.Equal(At(660), closed.ClosedThrough);
    }

    [Fact]
    public void PreviewShowsTheOpenWindowsWithoutChangingTheState()
    {
        var state = ProductWindowsLogic.Close(Given(Ev(30)), At(120), Options).State;
        var preview = ProductWindowsLogic.Preview(state, Options);
        Assert.Equal(8, preview.Length);
        Assert.Equal(At(-420), preview[0].WindowStart);
        Assert.Equal(CloseAll(state), preview.AsEnumerable());
        Assert.Empty(ProductWindowsLogic.Preview(ProductWindowsState.Empty(Product), Options));
    }

    [Fact]
    public void TimesBeforeTheEpochAlignToo()
    {
        var old = new DateTimeOffset(1969, 12, 31, 23, 59, 30, TimeSpan.Zero);
        var state = ProductWindowsLogic.Apply(ProductWindowsState.Empty(Product), Ev(0) with { Time = old }, NoWatermark, Options).State;
        var windows = CloseAll(state);
        Assert.Equal(10, windows.Count);
        Assert.Equal(DateTimeOffset.UnixEpoch, windows[^1].WindowEnd.AddMinutes(-9));
        Assert.Equal(new DateTimeOffset(1969, 12, 31, 23, 59, 0, TimeSpan.Zero), windows[^1].WindowStart);
    }

    [Fact]
    public void ActivitiesOfAnotherProductOrWithNegativeQuantityAreRejected()
    {
        var state = ProductWindowsState.Empty(Product);
        Assert.Throws<ArgumentException>(() => ProductWindowsLogic.Apply(state, Ev(0) with { ProductId = "other" }, NoWatermark, Options));
        Assert.Throws<ArgumentException>(() => ProductWindowsLogic.Apply(state, Ev(0) with { Quantity = -1 }, NoWatermark, Options));
    }

    [Fact]
    public void FromProductEventTakesTheProperties()
    {
        var e = new ProductEvent
        {
            EventId = "e",
            ProductId = "p",
            Action = ProductAction.Purchase,
            UserId = "u",
            Quantity = 2,
            Properties = new ProductProperties { Category = "c", Price = 3.5m, Brand = "b" },
            Timestamp = T0,
            IngestedAt = T0,
        };
        Assert.Equal(new ProductActivity("e", "p", T0, ProductAction.Purchase, "u", 2, 3.5m, "c", "b"), ProductActivity.From(e));
        Assert.Equal(new ProductActivity("e", "p", T0, ProductAction.Purchase, "u", 2, null, null, null), ProductActivity.From(e with { Properties = null }));
    }

    [Fact]
    public void ApplyingDoesNotChangeTheInputState()
    {
        var state = Given(Ev(0, id: "a"));
        var copy = Given(Ev(0, id: "a"));
        _ = ProductWindowsLogic.Apply(state, Ev(1, ProductAction.Purchase), NoWatermark, Options);
        Assert.Equal(copy, state);
        Assert.NotEqual(ImmutableSortedDictionary<long, ProductPane>.Empty, state.Panes);
    }
}
