using Streaming.Crosscheck.Tests.Reference;
using static Streaming.Crosscheck.Tests.Engine.Scenario;

namespace Streaming.Crosscheck.Tests.Engine;

/// <summary>SPEC §3.1 by hand-worked example (G = 10 s, B = 2 s).</summary>
public sealed class SessionExampleTests
{
    [Fact]
    public void A_gap_of_exactly_G_starts_a_new_session_and_a_gap_1_ms_shorter_joins()
    {
        var results = new Scenario()
            .User("a1", "ann", "page_view", 0, "/home", "web")
            .User("a2", "ann", "purchase", 9.999, "/checkout", "ios")
            .User("a3", "ann", "page_view", 19.998, "")
            .User("a4", "ann", "click", 29.998, "/home")
            .Run();

        var sessions = results.Sessions.OrderBy(s => s.SessionStart).ToList();
        Assert.Equal(2, sessions.Count);
        var first = sessions[0];
        Assert.Equal($"ann:{At(0)}", first.SessionId);
        Assert.Equal((Time(0), Time(19.998)), (first.SessionStart, first.SessionEnd));
        Assert.Equal(19.998, first.DurationSeconds);
        Assert.Equal((3L, 2L, 1L), (first.EventCount, first.PageViews, first.Purchases));
        Assert.Equal(2, first.EventTypes["page_view"]);
        Assert.Equal(2, first.DistinctPages); // "" is no page
        Assert.Equal(["ios", "web"], first.Devices.AsEnumerable());
        Assert.Equal(10, first.GapSeconds);
        Assert.Equal($"ann:{At(29.998)}", sessions[1].SessionId);
        Assert.Equal(0, sessions[1].DurationSeconds);
        Assert.Empty(results.Late);
    }

    [Fact]
    public void An_out_of_order_event_within_the_bound_bridges_two_sessions()
    {
        var results = new Scenario()
            .User("b1", "bob", "page_view", 0)
            .User("b2", "bob", "page_view", 18)
            .User("b3", "bob", "page_view", 9) // watermark 16: 9 + 10 > 16 and the session {0} closes only at 10... which is <= 16
            .Run();

        // {0} closed at watermark 10 <= 16 before b3 arrived: b3 would join it, so it is late and the sessions stay apart.
        Assert.Equal(["session already closed"], results.Late.Select(l => l.Reason.Split(':')[0]));
        Assert.Equal(2, results.Sessions.Length);

        var bridged = new Scenario()
            .User("c1", "cid", "page_view", 0)
            .User("c2", "cid", "page_view", 11)
            .User("c3", "cid", "page_view", 6) // watermark 9: {0} closes at 10 > 9, so c3 joins it and bridges to {11}
            .Run();
        Assert.Empty(bridged.Late);
        var session = Assert.Single(bridged.Sessions);
        Assert.Equal((3L, Time(0), Time(11)), (session.EventCount, session.SessionStart, session.SessionEnd));
    }

    [Fact]
    public void Lateness_is_judged_against_the_partitions_own_watermark_which_other_users_move()
    {
        var results = new Scenario()
            .User("d1", "dan", "page_view", 0, partition: 0)
            .User("e1", "eve", "page_view", 20, partition: 0) // partition 0's watermark: 18
            .User("d2", "dan", "page_view", 8, partition: 0) // 8 + 10 <= 18: its window has closed
            .User("g1", "gus", "page_view", 5, partition: 1)
            .User("h1", "hal", "page_view", 8, partition: 1) // partition 1's watermark is 3: on time
            .User("x1", "xia", "page_view", 100, partition: 2) // the first event of a partition is never late
            .Run();

        var late = Assert.Single(results.Late);
        Assert.Equal(("d2", 0, 2L, "user_events"), (late.EventId, late.Partition, late.Offset, late.Topic));
        Assert.Equal((Time(8), Time(18)), (late.EventTime, late.Watermark));
        Assert.StartsWith("session window closed", late.Reason, StringComparison.Ordinal);
        Assert.Equal(["dan", "eve", "gus", "hal", "xia"], results.Sessions.Select(s => s.UserId).Order());
        Assert.Equal(1, results.Sessions.Single(s => s.UserId == "dan").EventCount);
    }
}
