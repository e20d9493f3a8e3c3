using System.Text.Json;

namespace Streaming.Kinesis.Tests.Support;

/// <summary>An envelope read back from Kinesis, parsed with System.Text.Json directly (not with the library's decoder).</summary>
public sealed record Forwarded(string ShardId, string PartitionKey, string Topic, int Partition, long Offset, string? Key, string? KeyEncoding, JsonElement Value, string? ValueEncoding)
{
    public static Forwarded Parse(StreamRecord record)
    {
        using var doc = JsonDocument.Parse(record.Data);
        var root = doc.RootElement;
        return new Forwarded(
            record.ShardId,
            record.PartitionKey,
            root.GetProperty("topic").GetString()!,
            root.GetProperty("partition").GetInt32(),
            root.GetProperty("offset").GetInt64(),
            root.GetProperty("key").ValueKind == JsonValueKind.Null ? null : root.GetProperty("key").GetString(),
            root.TryGetProperty("key_encoding", out var ke) ? ke.GetString() : null,
            root.GetProperty("value").Clone(),
            root.TryGetProperty("value_encoding", out var ve) ? ve.GetString() : null);
    }
}

/// <summary>Which copies a test allows.</summary>
public enum Duplicates
{
    /// <summary>Every record exactly once, each key's offsets strictly increasing.</summary>
    None,

    /// <summary>A record may repeat right after itself (Kinesis stored it but its answer was lost, so it was sent
    /// again before anything later of its key): each key's offsets never go back.</summary>
    Retried,

    /// <summary>A restarted forwarder sends again from the committed offset, so a key's records may repeat as a
    /// run: the first copies, in arrival order, must still be in offset order (what a consumer that
    /// de-duplicates on topic/partition/offset sees).</summary>
    Replayed,
}

/// <summary>What every forwarding test checks: every produced record arrived, nothing else did, and each key's
/// records arrived in offset order.</summary>
public static class Delivery
{
    /// <param name="produced">What was written to Kafka.</param>
    /// <param name="read">What Kinesis holds, each shard in sequence order.</param>
    /// <param name="duplicates">Which copies the scenario allows.</param>
    /// <param name="except">Records that must not be in Kinesis (poison).</param>
    public static IReadOnlyList<Forwarded> AssertCompleteInKeyOrder(IReadOnlyList<Produced> produced, IReadOnlyList<StreamRecord> read, Duplicates duplicates, IReadOnlySet<(int, long)>? except = null)
    {
        except ??= new HashSet<(int, long)>();
        var forwarded = read.Select(Forwarded.Parse).ToList();
        var expected = produced.Select(p => (p.Partition, p.Offset)).Where(x => !except.Contains(x)).ToHashSet();
        var seen = forwarded.Select(f => (f.Partition, f.Offset)).ToList();
        var missing = expected.Except(seen).OrderBy(x => x).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} records missing from Kinesis, first: {string.Join(", ", missing.Take(5))}");
        var unexpected = seen.Where(x => !expected.Contains(x)).Distinct().ToList();
        Assert.True(unexpected.Count == 0, $"records in Kinesis that should not be there: {string.Join(", ", unexpected.Take(5))}");
        if (duplicates == Duplicates.None) Assert.Equal(expected.Count, seen.Count);

        var keyOf = produced.ToDictionary(p => (p.Partition, p.Offset), p => p.KeyText);
        foreach (var byKey in forwarded.Where(f => keyOf[(f.Partition, f.Offset)] is not null).GroupBy(f => keyOf[(f.Partition, f.Offset)]))
        {
            // One Kafka key lands on one shard; in that shard its offsets must never go back.
            Assert.Single(byKey.Select(f => f.ShardId).Distinct());
            var offsets = byKey.Select(f => f.Offset).ToList();
            if (duplicates == Duplicates.Replayed) offsets = offsets.Distinct().ToList();
            for (var i = 1; i < offsets.Count; i++)
            {
                var inOrder = duplicates == Duplicates.Retried ? offsets[i] >= offsets[i - 1] : offsets[i] > offsets[i - 1];
                Assert.True(inOrder, $"key {byKey.Key}: offset {offsets[i]} arrived after {offsets[i - 1]}");
            }
        }
        return forwarded;
    }
}
