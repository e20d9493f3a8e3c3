using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Analytics.Popularity;
using Streaming.Analytics.Tests.Popularity;
using Streaming.Engine.Tests.Support;

namespace Streaming.Engine.Tests.Popularity;

/// <summary>Product windows through the engine's real partition processor, and the trending aggregation, against the naive batch reference.</summary>
public sealed class PopularityProperties
{
    private static readonly TimeSpan Bound = ProductScenarios.Bound;

    private static List<ProductPopularity> Reference(List<ProductActivity> delivered) =>
        NaivePopularity.Windows(NaivePopularity.Arrivals(delivered, Bound, ProductScenarios.WindowMs, ProductScenarios.SlideMs), ProductScenarios.WindowMs, ProductScenarios.SlideMs);

    [Property(MaxTest = 300)]
    public Property BoundedDisorderEmitsExactlyTheBatchWindows() =>
        Prop.ForAll(ProductScenarios.BoundedDisorder.ToArbitrary(), delivered =>
        {
            var run = ProductRun.Run(delivered);
            Assert.Empty(run.Late);
            Assert.Equal(Reference(delivered), NaivePopularity.Ordered(run.Emitted));
        });

    [Property(MaxTest = 300)]
    public Property StatesRoundTrippedThroughTheBackendEmitTheSameWindows() =>
        Prop.ForAll(ProductScenarios.BoundedDisorder.ToArbitrary(), delivered =>
        {
            var run = ProductRun.Run(delivered, Plans.RoundTrip);
            Assert.Empty(run.Late);
            Assert.Equal(Reference(delivered), NaivePopularity.Ordered(run.Emitted));
        });

    [Property(MaxTest = 150)]
    public Property CrashesAndReplaysEmitTheSameWindowsWithTheSameBytes() =>
        Prop.ForAll(ProductScenarios.ArbitraryDisorder.ToArbitrary(), delivered =>
        {
            var whole = ProductRun.Run(delivered, Plans.Batched);
            var crashed = ProductRun.Run(delivered, Plans.Crashing);
            Assert.Equal(Bytes(whole.Emitted), Bytes(crashed.Emitted));
            Assert.Equal(whole.Late.Select(l => l.Event.EventId).Order(StringComparer.Ordinal), crashed.Late.Select(l => l.Event.EventId).Order(StringComparer.Ordinal));
        });

    [Property(MaxTest = 300)]
    public Property ArbitraryDisorderEmitsTheReferenceOfTheNonLateEvents() =>
        Prop.ForAll(ProductScenarios.ArbitraryDisorder.ToArbitrary(), delivered =>
        {
            var arrivals = NaivePopularity.Arrivals(delivered, Bound, ProductScenarios.WindowMs, ProductScenarios.SlideMs);
            var expectedLate = arrivals.Where(a => a.IsLate).Select(a => a.Event.EventId).ToList();

            var run = ProductRun.Run(delivered);
            Assert.Equal(expectedLate, run.Late.Select(l => l.Event.EventId));
            Assert.All(run.Late, l => Assert.Contains("watermark", l.Reason, StringComparison.Ordinal));
            Assert.Equal(NaivePopularity.Windows(arrivals, ProductScenarios.WindowMs, ProductScenarios.SlideMs), NaivePopularity.Ordered(run.Emitted));

            var timerRun = ProductRun.Run(delivered, Plans.RoundTrip);
            Assert.Equal(NaivePopularity.Ordered(run.Emitted), NaivePopularity.Ordered(timerRun.Emitted));
        });

    [Property(MaxTest = 200)]
    public Property EachWindowAndProductIsEmittedOnceAndBytesDoNotDependOnTheDeliveryOrder() =>
        Prop.ForAll(ProductScenarios.BoundedDisorder.ToArbitrary(), delivered =>
        {
            var first = ProductRun.Run(delivered).Emitted;
            Assert.Equal(first.Count, first.Select(r => (r.ProductId, r.WindowStart)).Distinct().Count());
            var second = ProductRun.Run(delivered.OrderBy(e => e.Time).ToList(), Plans.Batched).Emitted;
            Assert.Equal(Bytes(first), Bytes(second));
        });

    [Property(MaxTest = 300)]
    public Property TrendingEqualsSortAndTakeOfTheReference() =>
        Prop.ForAll(ProductScenarios.ArbitraryDisorder.ToArbitrary(), delivered =>
        {
            foreach (var window in Reference(delivered).GroupBy(r => r.WindowStart))
            {
                NaivePopularity.AssertTrending([.. window], ProductScenarios.Options.TrendingTopN, TrendingLogic.Top(window, ProductScenarios.Options));
            }
        });

    /// <summary>
    /// The reference records, split over two partitions by product and handed to the aggregator with re-deliveries —
    /// every record, or per window only the partition's candidates and its products (as the engine's trending feed
    /// does) — each partition's records before its watermark passes their window, the partitions interleaved at random
    /// and a third, quiet partition advancing last: every window is released exactly once, with all its products.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property TheAggregatorReleasesEveryWindowOnceWhenAllPartitionsHavePassedIt() =>
        Prop.ForAll(
            (from delivered in ProductScenarios.BoundedDisorder
             from choices in Gen.ListOf(Gen.Choose(0, 2))
             from quietFollows in Gen.Elements(false, true)
             from duplicates in Gen.ListOf(Gen.Elements(false, false, true))
             from roundTrip in Gen.Elements(false, true)
             from summarized in Gen.Elements(false, true)
             select (delivered, choices, duplicates, roundTrip, quietFollows, summarized)).ToArbitrary(),
            input =>
            {
                var records = Reference(input.delivered);
                var dup = 0;
                var scripts = new[] { new List<object>(), new List<object>(), new List<object>() };
                foreach (var group in records.GroupBy(r => (r.ProductId.GetHashCode(StringComparison.Ordinal) & 1, r.WindowEnd)).OrderBy(g => g.Key.WindowEnd))
                {
                    var list = scripts[group.Key.Item1];
                    IEnumerable<object> items = input.summarized
                        ? [new WindowSummary(group.First().WindowStart, group.Key.WindowEnd, [.. group.Select(r => r.ProductId)],
                            TrendingLogic.Candidates(group, ProductScenarios.Options.TrendingTopN))]
                        : group;
                    foreach (var item in items)
                    {
                        list.Add(item);
                        if (input.duplicates.Count > 0 && input.duplicates[dup++ % input.duplicates.Count])
                        {
                            list.Add(item);
                        }
                    }

                    list.Add(group.Key.WindowEnd);
                }

                // Every partition has seen an event before the first window ends (an empty one would not hold the others back).
                if (records.Count > 0)
                {
                    var first = records.Min(r => r.WindowEnd).AddMinutes(-1);
                    foreach (var script in scripts) script.Insert(0, first);
                }

                // The third partition has no products: it follows every window end, or stays quiet (but active) until the end.
                if (input.quietFollows)
                {
                    scripts[2].AddRange(records.Select(r => r.WindowEnd).Distinct().Order().Cast<object>());
                }

                var state = TrendingAggregatorState.Create([0, 1, 2]);
                var released = new List<TrendingProducts>();
                var cursors = new int[3];
                var c = 0;
                void Step(int partition, object item)
                {
                    if (item is WindowSummary summary)
                    {
                        state = TrendingAggregator.Count(state, summary.Start, summary.End, summary.ProductIds);
                        foreach (var candidate in summary.Candidates)
                        {
                            state = TrendingAggregator.Add(state, candidate).State;
                        }
                    }
                    else if (item is ProductPopularity r)
                    {
                        var added = TrendingAggregator.Add(state, r);
                        Assert.NotEqual(TrendingAddOutcome.AlreadyReleased, added.Outcome);
                        Assert.NotEqual(TrendingAddOutcome.Conflicting, added.Outcome);
                        state = added.State;
                    }
                    else
                    {
                        var wm = (DateTimeOffset)item;
                        state = TrendingAggregator.ObserveWatermark(state, partition, wm);
                    }

                    var result = TrendingAggregator.Release(state, ProductScenarios.Options);
                    Assert.All(result.Released, t => Assert.True(state.Watermarks.Values.All(w => w >= t.WindowEnd)));
                    released.AddRange(result.Released);
                    state = result.State;
                    if (input.roundTrip)
                    {
                        var json = JsonSerializer.Serialize(state, ProductsJsonContext.Default.TrendingAggregatorState);
                        state = JsonSerializer.Deserialize(json, ProductsJsonContext.Default.TrendingAggregatorState)!;
                    }
                }

                // Each partition's first event comes before any interleaving.
                for (var p = 0; p < 3 && records.Count > 0; p++)
                {
                    Step(p, scripts[p][cursors[p]++]);
                }

                while (Enumerable.Range(0, 3).Any(p => cursors[p] < scripts[p].Count))
                {
                    var p = input.choices.Count == 0 ? 0 : input.choices[c++ % input.choices.Count];
                    while (cursors[p] >= scripts[p].Count)
                    {
                        p = (p + 1) % 3;
                    }

                    Step(p, scripts[p][cursors[p]++]);
                }

                Step(0, DateTimeOffset.MaxValue);
                Step(1, DateTimeOffset.MaxValue);
                if (!input.quietFollows)
                {
                    Assert.Empty(released);
                }

                Step(2, DateTimeOffset.MaxValue);

                var windows = records.GroupBy(r => r.WindowStart).OrderBy(g => g.Key).ToList();
                Assert.Equal(windows.Select(w => w.Key), released.Select(r => r.WindowStart));
                foreach (var (window, record) in windows.Zip(released))
                {
                    NaivePopularity.AssertTrending([.. window], ProductScenarios.Options.TrendingTopN, record);
                }

                Assert.Empty(state.Pending);
                Assert.Empty(state.Seen);
            });

    /// <summary>What a partition hands the aggregator of one window: its products and its candidates.</summary>
    private sealed record WindowSummary(DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<string> ProductIds, IReadOnlyList<ProductPopularity> Candidates);

    private static byte[] Bytes(IEnumerable<ProductPopularity> records) =>
        [.. NaivePopularity.Ordered(records).SelectMany(r => JsonSerializer.SerializeToUtf8Bytes(r, ProductsJsonContext.Default.ProductPopularity))];
}
