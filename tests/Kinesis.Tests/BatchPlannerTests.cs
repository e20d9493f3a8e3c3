using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Streams.Kinesis;

namespace Streaming.Kinesis.Tests;

public sealed class BatchPlannerTests
{
    private static readonly IReadOnlySet<string> NoneInFlight = new HashSet<string>();

    [Fact]
    public void A_request_holds_at_most_one_record_per_key_and_later_records_of_a_key_wait()
    {
        var queue = new[] { C("a"), C("b"), C("a"), C("c"), C("b") };
        Assert.Equal([0, 1, 3], BatchPlanner.Plan(queue, NoneInFlight, BatchLimits.Default));
    }

    [Fact]
    public void A_key_with_a_record_in_flight_sends_nothing_else()
    {
        var queue = new[] { C("a"), C("b") };
        Assert.Equal([1], BatchPlanner.Plan(queue, new HashSet<string> { "a" }, BatchLimits.Default));
    }

    [Fact]
    public void A_record_waiting_out_a_backoff_holds_back_later_records_of_its_key_only()
    {
        var queue = new[] { C("a", ready: false), C("a"), C("b") };
        Assert.Equal([2], BatchPlanner.Plan(queue, NoneInFlight, BatchLimits.Default));
    }

    [Fact]
    public void Stops_at_500_records()
    {
        var queue = Enumerable.Range(0, 700).Select(i => C("k" + i)).ToArray();
        Assert.Equal(Enumerable.Range(0, 500), BatchPlanner.Plan(queue, NoneInFlight, BatchLimits.Default));
    }

    [Fact]
    public void Keeps_a_request_within_5_MiB_and_lets_smaller_later_records_fill_it()
    {
        const int mib = 1024 * 1024;
        var queue = new[] { C("a", mib), C("b", mib), C("c", mib), C("d", mib), C("e", mib / 2), C("f", mib), C("g", mib / 2), C("h", 1) };
        // 4 MiB + 0.5 MiB, then f does not fit, g fills to 5 MiB exactly, h no longer fits.
        Assert.Equal([0, 1, 2, 3, 4, 6], BatchPlanner.Plan(queue, NoneInFlight, BatchLimits.Default));
    }

    [Fact]
    public void Nothing_to_send_gives_an_empty_plan()
    {
        Assert.Empty(BatchPlanner.Plan([], NoneInFlight, BatchLimits.Default));
        Assert.Empty(BatchPlanner.Plan([C("a", ready: false)], NoneInFlight, BatchLimits.Default));
    }

    /// <summary>The planner against a reference that states the rules directly: the eligible records are the
    /// first of their key in the queue, ready, with no record of the key in flight; the request takes them
    /// greedily in queue order while the count and byte limits allow.</summary>
    [Property(MaxTest = 500)]
    public Property Matches_a_naive_reference() =>
        Prop.ForAll(Scenarios(), scenario =>
        {
            var (queue, inFlight, limits) = scenario;
            var planned = BatchPlanner.Plan(queue, inFlight, limits);
            var expected = Reference(queue, inFlight, limits);
            return planned.SequenceEqual(expected)
                .Label($"planned [{string.Join(",", planned)}] expected [{string.Join(",", expected)}]");
        });

    /// <summary>Whatever the queue, a plan never breaks a limit or the per-key rule (checked without any reference).</summary>
    [Property(MaxTest = 500)]
    public Property Plans_respect_limits_and_per_key_order() =>
        Prop.ForAll(Scenarios(), scenario =>
        {
            var (queue, inFlight, limits) = scenario;
            var planned = BatchPlanner.Plan(queue, inFlight, limits);
            var keys = planned.Select(i => queue[i].PartitionKey).ToList();
            var earlierOfSameKeyChosenOrWaiting = planned.Any(i => Enumerable.Range(0, i).Any(j => queue[j].PartitionKey == queue[i].PartitionKey));
            return (planned.Count <= limits.MaxRecords).Label("count")
                .And((planned.Sum(i => (long)queue[i].Size) <= limits.MaxRequestBytes).Label("bytes"))
                .And((keys.Distinct().Count() == keys.Count).Label("one record per key"))
                .And(keys.All(k => !inFlight.Contains(k)).Label("no key in flight"))
                .And(planned.All(i => queue[i].Ready).Label("ready only"))
                .And((!earlierOfSameKeyChosenOrWaiting).Label("first of its key"))
                .And(planned.SequenceEqual(planned.Order()).Label("in queue order"));
        });

    private static List<int> Reference(IReadOnlyList<BatchCandidate> queue, IReadOnlySet<string> inFlight, BatchLimits limits)
    {
        var firstOfKey = queue.Select((c, i) => (c, i)).GroupBy(x => x.c.PartitionKey).Select(g => g.Min(x => x.i)).ToHashSet();
        var eligible = Enumerable.Range(0, queue.Count).Where(i => firstOfKey.Contains(i) && queue[i].Ready && !inFlight.Contains(queue[i].PartitionKey));
        var chosen = new List<int>();
        long total = 0;
        foreach (var i in eligible)
        {
            if (chosen.Count == limits.MaxRecords) break;
            if (total + queue[i].Size > limits.MaxRequestBytes) continue;
            chosen.Add(i);
            total += queue[i].Size;
        }
        return chosen;
    }

    private static Arbitrary<(BatchCandidate[] Queue, IReadOnlySet<string> InFlight, BatchLimits Limits)> Scenarios()
    {
        var gen =
            from maxRecords in Gen.Choose(1, 12)
            from maxRecordBytes in Gen.Choose(1, 50)
            from extra in Gen.Choose(0, 150)
            from keyCount in Gen.Choose(1, 8)
            from length in Gen.Choose(0, 30)
            from queue in Gen.ArrayOf(
                from key in Gen.Choose(0, keyCount - 1)
                from size in Gen.Choose(1, maxRecordBytes)
                from ready in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
                select new BatchCandidate("k" + key, size, ready), length)
            from inFlight in Gen.SubListOf(Enumerable.Range(0, keyCount).Select(k => "k" + k).ToArray())
            select (queue, (IReadOnlySet<string>)inFlight.ToHashSet(), new BatchLimits { MaxRecords = maxRecords, MaxRecordBytes = maxRecordBytes, MaxRequestBytes = maxRecordBytes + extra });
        return gen.ToArbitrary();
    }

    private static BatchCandidate C(string key, int size = 100, bool ready = true) => new(key, size, ready);
}
