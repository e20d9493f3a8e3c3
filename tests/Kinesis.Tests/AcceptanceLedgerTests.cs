using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Streams.Kinesis;

namespace Streaming.Kinesis.Tests;

public sealed class AcceptanceLedgerTests
{
    [Fact]
    public void The_commit_stops_at_the_first_unaccepted_record_however_many_later_ones_were_accepted()
    {
        var ledger = new AcceptanceLedger();
        var generation = 0;
        for (var offset = 10; offset < 15; offset++) generation = ledger.Track(0, offset, 1000 + offset);
        Assert.Equal(10, ledger.Committable(0));
        ledger.Accept(0, generation, 11);
        ledger.Accept(0, generation, 13);
        ledger.Accept(0, generation, 14);
        Assert.Equal(10, ledger.Committable(0));
        Assert.Equal(14, ledger.LastAccepted(0));
        Assert.Equal(1010, ledger.OldestUnacceptedTimestampMs());
        ledger.Accept(0, generation, 10);
        Assert.Equal(12, ledger.Committable(0));
        Assert.Equal(1012, ledger.OldestUnacceptedTimestampMs());
        ledger.Accept(0, generation, 12);
        Assert.Equal(15, ledger.Committable(0));
        Assert.Null(ledger.OldestUnacceptedTimestampMs());
    }

    [Fact]
    public void Gaps_in_offsets_are_committed_over()
    {
        var ledger = new AcceptanceLedger();
        var g = ledger.Track(1, 5, null);
        ledger.Track(1, 9, null);
        ledger.Accept(1, g, 5);
        Assert.Equal(9, ledger.Committable(1));
        ledger.Accept(1, g, 9);
        Assert.Equal(10, ledger.Committable(1));
    }

    [Fact]
    public void An_answer_for_a_dropped_partition_does_not_settle_the_same_offset_consumed_again()
    {
        var ledger = new AcceptanceLedger();
        var old = ledger.Track(0, 7, null);
        ledger.Drop(0);
        var current = ledger.Track(0, 7, null);
        Assert.NotEqual(old, current);
        Assert.False(ledger.Accept(0, old, 7));
        Assert.Equal(7, ledger.Committable(0));
        Assert.False(ledger.IsCurrent(0, old));
        Assert.True(ledger.Accept(0, current, 7));
        Assert.Equal(8, ledger.Committable(0));
    }

    [Fact]
    public void Offsets_going_backwards_within_a_generation_are_a_bug_and_refused()
    {
        var ledger = new AcceptanceLedger();
        ledger.Track(0, 7, null);
        Assert.Throws<InvalidOperationException>(() => ledger.Track(0, 6, null));
    }

    /// <summary>Against a reference that recomputes from scratch: the committable offset is the smallest tracked
    /// offset not accepted, or one past the largest tracked offset.</summary>
    [Property(MaxTest = 300)]
    public Property Committable_matches_a_recomputation_after_any_acceptance_order() =>
        Prop.ForAll(Scenarios(), scenario =>
        {
            var (offsets, acceptOrder, acceptCount) = scenario;
            var ledger = new AcceptanceLedger();
            var generation = 0;
            foreach (var offset in offsets) generation = ledger.Track(0, offset, offset * 10);
            var accepted = new HashSet<long>();
            var ok = true;
            foreach (var index in acceptOrder.Take(acceptCount))
            {
                ledger.Accept(0, generation, offsets[index]);
                accepted.Add(offsets[index]);
                var unaccepted = offsets.Where(o => !accepted.Contains(o)).ToList();
                long expected = unaccepted.Count > 0 ? unaccepted.Min() : offsets.Max() + 1;
                ok &= ledger.Committable(0) == expected
                    && ledger.OldestUnacceptedTimestampMs() == (unaccepted.Count > 0 ? unaccepted.Min() * 10 : null)
                    && ledger.LastAccepted(0) == accepted.Max();
            }
            return ok;
        });

    private static Arbitrary<(long[] Offsets, int[] AcceptOrder, int AcceptCount)> Scenarios()
    {
        var gen =
            from count in Gen.Choose(1, 40)
            from gaps in Gen.ArrayOf(Gen.Choose(1, 3), count)
            let offsets = gaps.Select((g, i) => (long)gaps.Take(i + 1).Sum()).ToArray()
            from order in Gen.Shuffle(Enumerable.Range(0, count).ToArray())
            from accept in Gen.Choose(0, count)
            select (offsets, order, accept);
        return gen.ToArbitrary();
    }
}
