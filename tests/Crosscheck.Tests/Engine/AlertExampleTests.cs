using Streaming.Crosscheck.Engine;
using Streaming.Crosscheck.Results;
using Streaming.Crosscheck.Tests.Reference;
using static Streaming.Crosscheck.Tests.Engine.Scenario;

namespace Streaming.Crosscheck.Tests.Engine;

/// <summary>SPEC §3.3 by hand-worked example; alert ids computed here from their definition.</summary>
public sealed class AlertExampleTests
{
    private static string Id(string rule, string user, params string[] events) => NaiveOrders.AlertId(rule, user, events);

    [Fact]
    public void The_gateway_end_to_end_scenario_gives_exactly_its_five_alerts_with_their_ids_and_descriptions()
    {
        // The scenario of tests/Nodes.Tests/OrderAnomalyEndToEndTests with SPEC's default options.
        var s = new Scenario();
        s.Order("ct-1", "ct_o1", "an_card", "created", 50_000m, 0).Order("ct-2", "ct_o1", "an_card", "payment_failed", 50_000m, 1)
         .Order("ct-3", "ct_o1", "an_card", "payment_failed", 50_000m, 2).Order("ct-4", "ct_o1", "an_card", "payment_failed", 50_000m, 3)
         .Order("ct-5", "ct_o1", "an_card", "paid", 50_000m, 4)
         .Order("wh-1", "wh_o1", "an_whale", "created", 6_000_000m, 0).Order("wh-2", "wh_o1", "an_whale", "paid", 6_000_000m, 1)
         .Order("sp-1", "sp_o1", "an_spike", "created", 10_000m, 0).Order("sp-2", "sp_o1", "an_spike", "paid", 10_000m, 0.5)
         .Order("sp-3", "sp_o2", "an_spike", "created", 10_000m, 1).Order("sp-4", "sp_o2", "an_spike", "paid", 10_000m, 1.5)
         .Order("sp-5", "sp_o3", "an_spike", "created", 10_000m, 2).Order("sp-6", "sp_o3", "an_spike", "paid", 10_000m, 2.5)
         .Order("sp-7", "sp_o4", "an_spike", "created", 60_000m, 3).Order("sp-8", "sp_o4", "an_spike", "paid", 60_000m, 3.5)
         .Order("st-1", "st_o1", "an_stall", "created", 20_000m, 0)
         .Order("iv-1", "iv_o1", "an_invalid", "created", 30_000m, 0).Order("iv-2", "iv_o1", "an_invalid", "paid", 30_000m, 1)
         .Order("iv-3", "iv_o1", "an_invalid", "delivered", 30_000m, 2);
        var results = s.Run(new DuckDbEngineOptions());

        Assert.Equal(
            new[]
            {
                ("AMOUNT_SPIKE", "MEDIUM", "an_spike", "sp_o4", Id("AMOUNT_SPIKE", "an_spike", "sp-7")),
                ("CARD_TESTING", "CRITICAL", "an_card", "ct_o1", Id("CARD_TESTING", "an_card", "ct-2", "ct-3", "ct-4", "ct-5")),
                ("HIGH_VALUE", "CRITICAL", "an_whale", "wh_o1", Id("HIGH_VALUE", "an_whale", "wh-1")),
                ("INVALID_TRANSITION", "MEDIUM", "an_invalid", "iv_o1", Id("INVALID_TRANSITION", "an_invalid", "iv-2", "iv-3")),
                ("ORDER_STALLED", "LOW", "an_stall", "st_o1", Id("ORDER_STALLED", "an_stall", "st-1")),
            },
            results.Alerts.Select(a => (a.Rule, a.Severity, a.UserId, a.OrderId, a.AlertId)).Order());
        var whale = results.Alerts.Single(a => a.Rule == "HIGH_VALUE");
        Assert.Equal("order wh_o1 of user an_whale has total 6000000 at or above the critical threshold 5000000", whale.Description);
        Assert.Equal((6_000_000m, Time(0)), (whale.Amount, whale.EventTime));
        Assert.Equal(new Dictionary<string, decimal> { ["critical_threshold"] = 5_000_000m, ["threshold"] = 1_000_000m }, whale.Evidence.Values);
        var spike = results.Alerts.Single(a => a.Rule == "AMOUNT_SPIKE");
        Assert.Equal("order sp_o4 of user an_spike: amount 60000 is more than 5 x the mean 10000 of 3 earlier orders", spike.Description);
        var card = results.Alerts.Single(a => a.Rule == "CARD_TESTING");
        Assert.Equal(["ct-2", "ct-3", "ct-4", "ct-5"], card.Evidence.Events.Select(e => e.EventId));
        Assert.Equal($"user an_card paid order ct_o1 at {Dataset.Iso(At(4))} after 3 payment failures since {Dataset.Iso(At(1))}", card.Description);
        Assert.Equal($"order iv_o1 of user an_invalid moved from paid ({Dataset.Iso(At(1))}) to delivered ({Dataset.Iso(At(2))})",
            results.Alerts.Single(a => a.Rule == "INVALID_TRANSITION").Description);
    }

    [Fact]
    public void High_frequency_is_suppressed_for_a_window_after_each_alert()
    {
        // FrequencyWindow 20 s, FrequencyCount 3.
        var s = new Scenario();
        foreach (var (id, t) in new[] { ("h1", 0.0), ("h2", 1), ("h3", 2), ("h4", 10), ("h5", 21), ("h6", 22), ("h6b", 22.5) })
            s.Order(id, "o-" + id, "hf", "created", 100m, t).Order(id + "p", "o-" + id, "hf", "paid", 100m, t);
        s.Order("dup", "o-h1", "hf", "created", 100m, 23); // a second created event of an order is not counted again
        var alerts = s.Run().Alerts.Where(a => a.Rule == "HIGH_FREQUENCY").ToList();

        // h3: 3 in (−18, 2]. h4, h5: suppressed (last alert at 2 > t − 20). h6: (2, 22] holds h4, h5, h6 and 2 <= 2.
        Assert.Equal([Id("HIGH_FREQUENCY", "hf", "h1", "h2", "h3"), Id("HIGH_FREQUENCY", "hf", "h4", "h5", "h6")], alerts.Select(a => a.AlertId));
        Assert.Equal(3m, alerts[1].Evidence.Values["count"]);
        Assert.Equal("o-h6", alerts[1].OrderId);
    }

    [Fact]
    public void Card_testing_consumes_its_failures_and_keeps_them_across_a_paid_event_that_does_not_fire()
    {
        var alerts = new Scenario()
            .Order("f0", "o1", "cc", "payment_failed", 10m, 0).Order("f1", "o1", "cc", "payment_failed", 10m, 1)
            .Order("p2", "o1", "cc", "paid", 10m, 2) // two failures: nothing, and they stay
            .Order("f3", "o2", "cc", "payment_failed", 10m, 3)
            .Order("p4", "o2", "cc", "paid", 10m, 4) // three (of two orders): fires and consumes them
            .Order("f5", "o3", "cc", "payment_failed", 10m, 5).Order("f6", "o3", "cc", "payment_failed", 10m, 6)
            .Order("p7", "o3", "cc", "paid", 10m, 7) // only two unconsumed
            .Order("f8", "o4", "cc", "payment_failed", 10m, 8).Order("f9", "o4", "cc", "payment_failed", 10m, 9)
            .Order("p23", "o4", "cc", "paid", 10m, 23) // f5, f6 older than 15 s: f8, f9 only
            .Order("p24", "o5", "cc", "paid", 10m, 24.000)
            .Run().Alerts.Where(a => a.Rule == "CARD_TESTING").ToList();

        var alert = Assert.Single(alerts);
        Assert.Equal(Id("CARD_TESTING", "cc", "f0", "f1", "f3", "p4"), alert.AlertId);
        Assert.Equal(3m, alert.Evidence.Values["failures"]);
    }

    [Fact]
    public void Card_testing_counts_a_failure_exactly_the_window_before_the_paid_event()
    {
        var alerts = new Scenario()
            .Order("f0", "o1", "cw", "payment_failed", 10m, 0).Order("f1", "o1", "cw", "payment_failed", 10m, 1)
            .Order("f2", "o1", "cw", "payment_failed", 10m, 2).Order("p", "o1", "cw", "paid", 10m, 15)
            .Run().Alerts.Where(a => a.Rule == "CARD_TESTING");
        Assert.Equal(Id("CARD_TESTING", "cw", "f0", "f1", "f2", "p"), Assert.Single(alerts).AlertId);
    }

    [Fact]
    public void Invalid_transitions_name_the_event_that_set_the_previous_status()
    {
        var alerts = new Scenario()
            .Order("i1", "o", "iv", "created", 10m, 0).Order("i2", "o", "iv", "created", 10m, 1) // repeated: no transition
            .Order("i3", "o", "iv", "delivered", 10m, 2) // created → delivered: invalid; the order is now delivered
            .Order("i4", "o", "iv", "refunded", 10m, 3) // delivered → refunded: allowed
            .Order("i5", "o", "iv", "paid", 10m, 4) // refunded is final
            .Order("j1", "q", "iv", "payment_failed", 10m, 0).Order("j2", "q", "iv", "cancelled", 10m, 1) // a retry inside created, then cancelled: allowed
            .Order("k1", "r", "iv", "shipped", 10m, 0) // first seen later in the lifecycle: fine
            .Run().Alerts.Where(a => a.Rule == "INVALID_TRANSITION").OrderBy(a => a.EventTime).ToList();

        Assert.Equal([Id("INVALID_TRANSITION", "iv", "i1", "i3"), Id("INVALID_TRANSITION", "iv", "i4", "i5")], alerts.Select(a => a.AlertId));
    }

    [Fact]
    public void An_order_is_stalled_unless_paid_or_cancelled_strictly_before_the_deadline()
    {
        // StallTimeout 10 s.
        var alerts = new Scenario()
            .Order("a1", "late-pay", "st", "created", 10m, 0).Order("b1", "in-time", "st", "created", 10m, 0)
            .Order("c1", "paid-first", "st", "paid", 10m, 0).Order("d1", "twice", "st", "created", 10m, 0)
            .Order("c2", "paid-first", "st", "created", 10m, 1).Order("d2", "twice", "st", "created", 10m, 5)
            .Order("b2", "in-time", "st", "cancelled", 10m, 9.999).Order("a2", "late-pay", "st", "paid", 10m, 10)
            .Run().Alerts.Where(a => a.Rule == "ORDER_STALLED").Select(a => a.AlertId).Order();

        Assert.Equal(new[] { Id("ORDER_STALLED", "st", "a1"), Id("ORDER_STALLED", "st", "d1") }.Order(), alerts);
    }

    [Fact]
    public void Mismatch_and_spike_are_strict_comparisons_and_mismatch_fires_once_per_order()
    {
        var alerts = new Scenario()
            .Order("m1", "exact", "mm", "created", 1000m, 0, [(1, 990m)]) // differs by exactly 1 %: no alert
            .Order("m2", "over", "mm", "created", 1000m, 1, [(1, 989.99m)])
            .Order("m3", "over", "mm", "paid", 1000m, 2, [(1, 900m)]) // the order has its alert already
            .Order("s1", "h1", "sk", "created", 100m, 0).Order("s2", "h2", "sk", "created", 300m, 1)
            .Order("s3", "h3", "sk", "created", 1000m, 2) // mean 200: exactly 5 ×, not above
            .Order("s4", "h4", "sk", "created", 2333.33m, 3) // 5 × mean 466.666… = 2333.333…: not above
            .Order("s5", "h5", "sk", "created", 2333.34m, 4) // n = 4 now, mean 933.33: not above either
            .Order("s6", "h6", "sk", "created", 20_000m, 5) // mean (1400 + 4666.67) / 5 = 1213.334: above
            .Run().Alerts;

        Assert.Equal([Id("TOTAL_MISMATCH", "mm", "m2")], alerts.Where(a => a.Rule == "TOTAL_MISMATCH").Select(a => a.AlertId));
        Assert.Equal([Id("AMOUNT_SPIKE", "sk", "s6")], alerts.Where(a => a.Rule == "AMOUNT_SPIKE").Select(a => a.AlertId));
        var spike = alerts.Single(a => a.Rule == "AMOUNT_SPIKE");
        Assert.Equal(1213.334m, spike.Evidence.Values["mean"]);
        Assert.Equal(6066.67m, spike.Evidence.Values["history_sum"]);
        Assert.Equal(5m, spike.Evidence.Values["history_count"]);
        var mismatch = alerts.Single(a => a.Rule == "TOTAL_MISMATCH");
        Assert.Equal((10.01m, 989.99m), (mismatch.Evidence.Values["difference"], mismatch.Evidence.Values["items_total"]));
    }

    [Fact]
    public void A_late_order_event_changes_nothing_but_high_value_still_fires()
    {
        var results = new Scenario()
            .Order("x1", "o1", "lu", "created", 10m, 20)
            .Order("x2", "o2", "lu", "created", 2_000_000m, 10) // watermark 18: late
            .Order("x3", "o1", "lu", "delivered", 10m, 17) // late: no INVALID_TRANSITION
            .Run(Settings.Options with { StallTimeout = TimeSpan.FromHours(1) });

        Assert.Equal(["x2", "x3"], results.Late.Select(l => l.EventId));
        var alert = Assert.Single(results.Alerts.Where(a => a.Rule != "ORDER_STALLED"));
        Assert.Equal(("HIGH_VALUE", "HIGH", Id("HIGH_VALUE", "lu", "x2")), (alert.Rule, alert.Severity, alert.AlertId));
    }

    [Fact]
    public async Task Unreadable_input_records_are_rejected_with_the_reason_and_the_rest_still_counts()
    {
        var input = new EngineInput(
            [new InputRecord(0, 0, "not json"u8.ToArray()), new InputRecord(0, 1, """{"event_id":"e","user_id":"u","event_type":"click"}"""u8.ToArray())],
            [new InputRecord(0, 0, """{"event_id":"e","product_id":"p","action":"stare","timestamp":"2026-01-01T00:00:00Z"}"""u8.ToArray())],
            [
                new InputRecord(1, 7, """{"event_id":"e","order_id":"o","user_id":"u","status":"created","total_amount":1.00000000001,"timestamp":"2026-01-01T00:00:00Z"}"""u8.ToArray()),
                new InputRecord(1, 8, """{"event_id":"f","order_id":"o","user_id":"u","status":"created","total_amount":2000000,"timestamp":"2026-01-01T09:00:00+09:00"}"""u8.ToArray()),
            ]);
        var results = await DuckDbEngine.RunAsync(input, Settings.Options);

        Assert.Equal(
            [
                ("user_events", 0, 0L, "the value is not JSON"),
                ("user_events", 0, 1L, "timestamp is required"),
                ("product_analytics", 0, 0L, "action 'stare' is not one of"),
                ("order_events", 1, 7L, "total_amount has more than 10 decimal places"),
            ],
            results.Rejected.Select(r => (r.Topic, r.Partition, r.Offset, r.Reason[..Math.Min(r.Reason.Length, Prefix(r.Reason))])));
        var alert = results.Alerts.Single(a => a.Rule == "HIGH_VALUE");
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), alert.EventTime);
    }

    private static int Prefix(string reason) => reason.StartsWith("the value", StringComparison.Ordinal) ? 21 : reason.StartsWith("timestamp", StringComparison.Ordinal) ? 21 : reason.StartsWith("action", StringComparison.Ordinal) ? 28 : 44;
}
