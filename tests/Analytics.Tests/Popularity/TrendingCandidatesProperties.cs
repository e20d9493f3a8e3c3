using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Analytics.Popularity;

namespace Streaming.Analytics.Tests.Popularity;

/// <summary>
/// Two-phase top-N: partitions that hand the aggregator only their candidates (<see cref="TrendingLogic.Candidates"/>)
/// and their products' ids release the same trending record as the ranking of every record of the window.
/// </summary>
public sealed class TrendingCandidatesProperties
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly PopularityOptions Top3 = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), 3);
    private static readonly string?[] Categories = [null, "", "shoes", "hats", "bags"];

    /// <summary>A window's records of up to 40 products (scores with many ties), each with the partition that owns it.</summary>
    private static readonly Gen<List<(int Partition, ProductPopularity Record)>> Window =
        (from product in Gen.Choose(0, 39)
         from views in Gen.Choose(0, 4)
         from carts in Gen.Choose(0, 2)
         from category in Gen.Elements(Categories)
         select (product, views, carts, category))
        .ListOf()
        .Where(products => products.Count > 0)
        .Select(products => products
            .DistinctBy(p => p.product)
            .Select(p => (p.product % 3, ProductWindowsLogic.Record($"p{p.product}", Start, Start.AddMinutes(10), p.views, p.carts, 0, 1, 0m, p.category, null)))
            .ToList());

    [Property(MaxTest = 500)]
    public Property CandidatesAndProductIdsOfEveryPartitionReleaseTheTopOfAllRecords() =>
        Prop.ForAll(Window.ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), (window, twice) =>
        {
            var state = TrendingAggregatorState.Create([0, 1, 2]);
            foreach (var partition in window.GroupBy(w => w.Partition, w => w.Record))
            {
                for (var delivery = 0; delivery < (twice ? 2 : 1); delivery++)
                {
                    state = TrendingAggregator.Count(state, Start, Start.AddMinutes(10), partition.Select(r => r.ProductId));
                    foreach (var candidate in TrendingLogic.Candidates(partition, Top3.TrendingTopN)) state = TrendingAggregator.Add(state, candidate).State;
                }
            }
            foreach (var p in new[] { 0, 1, 2 }) state = TrendingAggregator.ObserveWatermark(state, p, Start.AddMinutes(10));

            var released = Assert.Single(TrendingAggregator.Release(state, Top3).Released);
            NaivePopularity.AssertTrending([.. window.Select(w => w.Record)], Top3.TrendingTopN, released);
        });

    [Fact]
    public void ThePartitionsCandidatesAreItsTopNOverallAndInEachCategory()
    {
        ProductPopularity Rec(string id, long views, string? category) => ProductWindowsLogic.Record(id, Start, Start.AddMinutes(10), views, 0, 0, 1, 0m, category, null);
        var records = new[]
        {
            Rec("a", 9, "shoes"), Rec("b", 8, "shoes"), Rec("c", 7, "shoes"), Rec("d", 6, "shoes"), Rec("e", 1, "hats"), Rec("f", 5, null),
        };

        var candidates = TrendingLogic.Candidates(records, 2);

        Assert.Equal(["a", "b", "e"], candidates.Select(r => r.ProductId));
    }
}
