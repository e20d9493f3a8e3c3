using System.Globalization;

namespace Streaming.Queries;

/// <summary>How sharding's answers become the views the gateway serves: sorted, summed, failed regions named.</summary>
public static class ShardingViews
{
    /// <summary>How many entity ids a shard's view lists.</summary>
    public const int EntitySample = 20;

    /// <summary>
    /// Shard ids in numeric order when they are numbers (the engine's shards are input partitions: 2 before 10), others
    /// after them in ordinal order.
    /// </summary>
    public static IComparer<string> ShardOrder { get; } = Comparer<string>.Create((a, b) =>
    {
        var x = int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var i);
        var y = int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var j);
        return x && y ? i.CompareTo(j) : x != y ? (x ? -1 : 1) : string.CompareOrdinal(a, b);
    });

    /// <summary>
    /// The type's regions from the answers (address → shard id → entity count); <paramref name="expected"/> are the
    /// members that should host a region of it: those among them that did not answer are the failed ones.
    /// </summary>
    public static RegionStats RegionStats(string typeName, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> answered, IEnumerable<string> expected)
    {
        var regions = answered
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new RegionShards(r.Key, [.. r.Value.OrderBy(s => s.Key, ShardOrder).Select(s => new ShardEntities(s.Key, s.Value))]))
            .ToList();
        var failed = expected.Where(a => !answered.ContainsKey(a)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new RegionStats(typeName, regions, failed);
    }

    /// <summary>The type's regions with their shard and entity counts.</summary>
    public static ShardingTypeRegions Summary(RegionStats stats) =>
        new(stats.TypeName, [.. stats.Regions.Select(r => new RegionSummary(r.Address, r.Shards.Count, r.Shards.Sum(s => s.Entities)))]);

    /// <summary>The shards of one region (shard id → its entity ids) and the shards that did not answer.</summary>
    public static ShardStats ShardStats(string typeName, string address, IEnumerable<KeyValuePair<string, IReadOnlyCollection<string>>> shards,
        IEnumerable<string> failed, int sample = EntitySample) =>
        new(typeName, address,
            [.. shards.OrderBy(s => s.Key, ShardOrder).Select(s => new ShardDetail(s.Key, s.Value.Count, [.. s.Value.Order(StringComparer.Ordinal).Take(sample)]))],
            [.. failed.Distinct(StringComparer.Ordinal).Order(ShardOrder)]);
}
