using Confluent.Kafka;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Streaming.Streams.Cdc.Tests.Logic;

/// <summary>
/// <see cref="AckTracker"/> against a naive model: the confirmed position is the end of the longest prefix of
/// transactions (in begin order) that are committed and have every record acknowledged.
/// </summary>
public sealed class AckTrackerTests
{
    private sealed record Plan(int[] RecordsPerTransaction, int[] DeliveryOrder, int[] CommitAfter);

    private static readonly Gen<Plan> Plans =
        from counts in Gen.Choose(0, 4).ArrayOf().Where(a => a.Length is > 0 and < 8)
        let total = counts.Sum()
        from order in Gen.Shuffle(Enumerable.Range(0, total).ToArray())
        from commitAfter in Gen.Choose(0, total).ArrayOf(counts.Length)
        select new Plan(counts, order, commitAfter);

    private static DeliveryReport<byte[]?, byte[]?> Ok() => new() { Error = new Error(ErrorCode.NoError) };

    [Property(MaxTest = 500)]
    public Property Confirms_exactly_the_fully_acknowledged_committed_prefix() =>
        Prop.ForAll(Plans.ToArbitrary(), plan =>
        {
            var tracker = new AckTracker(100, new CdcCounters());
            var transactions = plan.RecordsPerTransaction.Select(_ => tracker.Begin()).ToList();
            var records = new List<int>(); // record → its transaction
            for (var t = 0; t < transactions.Count; t++)
                for (var r = 0; r < plan.RecordsPerTransaction[t]; r++)
                {
                    tracker.Sending(transactions[t]);
                    records.Add(t);
                }
            var delivered = new int[transactions.Count];
            var committed = new bool[transactions.Count];
            ulong EndOf(int t) => 1000 + (ulong)t * 10;

            ulong Model()
            {
                ulong confirmed = 100;
                for (var t = 0; t < transactions.Count && committed[t] && delivered[t] == plan.RecordsPerTransaction[t]; t++) confirmed = EndOf(t);
                return confirmed;
            }

            void CommitDue(int step)
            {
                for (var t = 0; t < transactions.Count; t++)
                    if (!committed[t] && plan.CommitAfter[t] <= step)
                    {
                        tracker.Commit(transactions[t], EndOf(t), DateTimeOffset.UnixEpoch);
                        committed[t] = true;
                    }
            }

            CommitDue(0);
            tracker.Advance();
            if (tracker.Confirmed != Model()) return false;
            for (var step = 0; step < plan.DeliveryOrder.Length; step++)
            {
                var t = records[plan.DeliveryOrder[step]];
                transactions[t].OnChangeDelivered(Ok());
                delivered[t]++;
                CommitDue(step + 1);
                tracker.Advance();
                if (tracker.Confirmed != Model()) return false;
            }
            return tracker.InFlight == 0 && tracker.Confirmed == EndOf(transactions.Count - 1);
        });

    [Fact]
    public void A_failed_delivery_stops_confirmation_for_good()
    {
        var tracker = new AckTracker(0, new CdcCounters());
        var first = tracker.Begin();
        tracker.Sending(first);
        tracker.Commit(first, 10, DateTimeOffset.UnixEpoch);
        var second = tracker.Begin();
        tracker.Sending(second);
        tracker.Sending(second);
        tracker.Commit(second, 20, DateTimeOffset.UnixEpoch);
        second.OnChangeDelivered(new DeliveryReport<byte[]?, byte[]?> { Error = new Error(ErrorCode.Local_MsgTimedOut) });
        second.OnChangeDelivered(Ok());
        first.OnChangeDelivered(Ok());

        Assert.False(tracker.Advance());
        Assert.Equal(0UL, tracker.Confirmed);
        Assert.Equal(ErrorCode.Local_MsgTimedOut, tracker.Failure?.Code);
        Assert.False(tracker.AdvanceIdle(1000));
        Assert.Equal(0, tracker.InFlight);
    }

    [Fact]
    public void An_idle_stream_position_is_confirmed_only_when_nothing_is_open()
    {
        var counters = new CdcCounters();
        var tracker = new AckTracker(50, counters);
        Assert.False(tracker.AdvanceIdle(40)); // never backwards
        var tx = tracker.Begin();
        Assert.False(tracker.AdvanceIdle(60)); // a transaction is being read
        tracker.Sending(tx);
        tx.OnTombstoneDelivered(Ok());
        tracker.Commit(tx, 70, DateTimeOffset.UnixEpoch);
        Assert.True(tracker.Advance());
        Assert.Equal(70UL, tracker.Confirmed);
        Assert.True(tracker.AdvanceIdle(90));
        Assert.Equal(90UL, tracker.Confirmed);
        Assert.Equal(1, counters.Tombstones);
        Assert.Equal(0, counters.Changes);
    }
}
