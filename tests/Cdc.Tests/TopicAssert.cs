using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace Streaming.Streams.Cdc.Tests;

/// <summary>Compares what landed in a topic with a reference, key by key.</summary>
internal static class TopicAssert
{
    /// <summary>
    /// Every key's records, in topic order, equal the reference's. With <paramref name="allowReplays"/>, a record may
    /// appear again later (a restart replaying the unconfirmed tail) if it is the same change: same op and
    /// <c>source.lsn</c>, same before, after and source; the sequence without those repeats must equal the reference.
    /// Returns how many repeats there were.
    /// </summary>
    public static int MatchesReference(IReadOnlyList<TopicRecord> records, Dictionary<string, List<ShopReference.Expected>> expected, bool allowReplays = false)
    {
        var actual = new Dictionary<string, List<(string Identity, ShopReference.Expected Entry, JsonObject? Source)>>();
        var lastLsn = new Dictionary<string, long>();
        foreach (var record in records)
        {
            var key = record.Key?.ToJsonString() ?? throw new XunitException($"record at {record.Partition}/{record.Offset} has no key");
            if (!actual.TryGetValue(key, out var list)) actual[key] = list = [];
            if (record.IsTombstone)
            {
                // A tombstone carries no position: it belongs to the delete before it.
                var lsn = lastLsn.GetValueOrDefault(key, -1);
                list.Add(($"tombstone@{lsn}", new ShopReference.Expected("tombstone", null, null), null));
                continue;
            }
            var value = record.Value!;
            lastLsn[key] = record.Lsn;
            list.Add(($"{record.Op}@{record.Lsn}", new ShopReference.Expected(record.Op!, value["before"]?.DeepClone(), value["after"]?.DeepClone()), value["source"]!.AsObject()));
        }

        var repeats = 0;
        var problems = new List<string>();
        foreach (var key in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            var want = expected.GetValueOrDefault(key) ?? [];
            var got = actual.GetValueOrDefault(key) ?? [];
            var firstSeen = new Dictionary<string, (ShopReference.Expected Entry, JsonObject? Source)>();
            var distinct = new List<ShopReference.Expected>();
            foreach (var (identity, entry, source) in got)
            {
                if (firstSeen.TryGetValue(identity, out var earlier))
                {
                    if (!allowReplays)
                    {
                        problems.Add($"key {key}: {identity} appears twice");
                        continue;
                    }
                    repeats++;
                    if (!Same(earlier.Entry, entry) || !JsonNode.DeepEquals(earlier.Source, source))
                        problems.Add($"key {key}: repeat of {identity} differs: {entry} source={source?.ToJsonString()} vs {earlier.Entry} source={earlier.Source?.ToJsonString()}");
                    continue;
                }
                firstSeen[identity] = (entry, source);
                distinct.Add(entry);
            }
            if (distinct.Count != want.Count || !distinct.Zip(want).All(p => Same(p.First, p.Second)))
                problems.Add($"key {key}:\n  expected {string.Join("\n           ", want)}\n  actual   {string.Join("\n           ", distinct)}");
        }
        if (problems.Count > 0)
            throw new XunitException($"{problems.Count} keys differ from the reference (showing 10):\n" + string.Join("\n", problems.Take(10)));
        return repeats;
    }

    private static bool Same(ShopReference.Expected a, ShopReference.Expected b) =>
        a.Op == b.Op && JsonNode.DeepEquals(a.Before, b.Before) && JsonNode.DeepEquals(a.After, b.After);
}
