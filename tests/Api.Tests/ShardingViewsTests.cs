using Streaming.Queries;

namespace Streaming.Api.Tests;

/// <summary>Sharding's answers as the admin views: regions and shards sorted, counts summed, silent regions named.</summary>
public sealed class ShardingViewsTests
{
    private const string A = "akka.tcp://streaming@10.0.0.1:4053";
    private const string B = "akka.tcp://streaming@10.0.0.2:4053";
    private const string C = "akka.tcp://streaming@10.0.0.3:4053";

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Answered() => new Dictionary<string, IReadOnlyDictionary<string, int>>
    {
        [B] = new Dictionary<string, int> { ["10"] = 1, ["2"] = 7 },
        [A] = new Dictionary<string, int> { ["5"] = 3, ["0"] = 0, ["x"] = 4 },
    };

    [Fact]
    public void Region_stats_list_regions_by_address_and_shards_by_number_and_name_the_expected_regions_that_did_not_answer()
    {
        var stats = ShardingViews.RegionStats("user-session", Answered(), [C, A, B, C]);
        Assert.Equal(new RegionStats("user-session",
        [
            new RegionShards(A, [new ShardEntities("0", 0), new ShardEntities("5", 3), new ShardEntities("x", 4)]),
            new RegionShards(B, [new ShardEntities("2", 7), new ShardEntities("10", 1)]),
        ], [C]), stats, new RegionStatsComparer());
    }

    [Fact]
    public void A_region_that_answered_without_being_expected_is_listed_and_not_failed()
    {
        var stats = ShardingViews.RegionStats("t", Answered(), []);
        Assert.Equal([A, B], stats.Regions.Select(r => r.Address));
        Assert.Empty(stats.Failed);
    }

    [Fact]
    public void The_summary_counts_each_regions_shards_and_adds_up_their_entities()
    {
        var summary = ShardingViews.Summary(ShardingViews.RegionStats("user-session", Answered(), [A, B, C]));
        Assert.Equal("user-session", summary.TypeName);
        Assert.Equal([new RegionSummary(A, 3, 7), new RegionSummary(B, 2, 8)], summary.Regions);
    }

    [Fact]
    public void Shard_stats_count_every_entity_and_list_the_first_ids_in_ordinal_order()
    {
        var many = Enumerable.Range(0, 25).Select(i => $"u{i:00}").Reverse().ToList();
        var stats = ShardingViews.ShardStats("user-session", A,
        [
            KeyValuePair.Create("11", (IReadOnlyCollection<string>)["b", "a", "B"]),
            KeyValuePair.Create("3", (IReadOnlyCollection<string>)many),
        ], ["7", "1"]);
        Assert.Equal("user-session", stats.TypeName);
        Assert.Equal(A, stats.Address);
        Assert.Equal(["3", "11"], stats.Shards.Select(s => s.ShardId));
        Assert.Equal(25, stats.Shards[0].Entities);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"u{i:00}"), stats.Shards[0].EntityIds);
        Assert.Equal(3, stats.Shards[1].Entities);
        Assert.Equal(["B", "a", "b"], stats.Shards[1].EntityIds);
        Assert.Equal(["1", "7"], stats.Failed);
    }

    /// <summary>Records with lists compare by reference; this compares their contents.</summary>
    private sealed class RegionStatsComparer : IEqualityComparer<RegionStats>
    {
        public bool Equals(RegionStats? x, RegionStats? y) =>
            x is not null && y is not null && x.TypeName == y.TypeName && x.Failed.SequenceEqual(y.Failed)
            && x.Regions.Count == y.Regions.Count
            && x.Regions.Zip(y.Regions).All(p => p.First.Address == p.Second.Address && p.First.Shards.SequenceEqual(p.Second.Shards));

        public int GetHashCode(RegionStats obj) => obj.TypeName.GetHashCode(StringComparison.Ordinal);
    }
}
