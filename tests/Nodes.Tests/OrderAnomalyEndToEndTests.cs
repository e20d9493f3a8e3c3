using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Streaming.TestSupport;

namespace Streaming.Nodes.Tests;

/// <summary>
/// A scripted order_events scenario POSTed to the gateway — a card-testing burst, a whale order, an
/// amount spike, a stalled order and an invalid transition — produces exactly the expected alerts on
/// order_anomaly_alerts (read with kcat), with their deterministic ids.
/// </summary>
public sealed class OrderAnomalyEndToEndTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private sealed record Order(string EventId, string OrderId, string UserId, string Status, decimal Total, DateTimeOffset Time);

    private sealed record Expected(string Rule, string Severity, string UserId, string OrderId, string AlertId);

    /// <summary>The alert id as SPEC §3.3 and the engine define it, computed here independently.</summary>
    private static string AlertId(string rule, string userId, params string[] eventIds) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{rule}|{userId}|{string.Join(',', eventIds)}")))[..32];

    private static string Json(Order o) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["event_id"] = o.EventId,
        ["order_id"] = o.OrderId,
        ["user_id"] = o.UserId,
        ["status"] = o.Status,
        ["total_amount"] = o.Total,
        ["timestamp"] = o.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
    });

    [Fact]
    public async Task A_scripted_scenario_produces_exactly_the_expected_alerts()
    {
        var t0 = DateTimeOffset.UtcNow.AddSeconds(3);
        DateTimeOffset At(double seconds) => t0.AddSeconds(seconds);
        var events = new List<Order>
        {
            // Card testing: three failures, then paid.
            new("ct-1", "ct_o1", "an_card", "created", 50_000m, At(0)),
            new("ct-2", "ct_o1", "an_card", "payment_failed", 50_000m, At(1)),
            new("ct-3", "ct_o1", "an_card", "payment_failed", 50_000m, At(2)),
            new("ct-4", "ct_o1", "an_card", "payment_failed", 50_000m, At(3)),
            new("ct-5", "ct_o1", "an_card", "paid", 50_000m, At(4)),
            // A whale order (CRITICAL), paid.
            new("wh-1", "wh_o1", "an_whale", "created", 6_000_000m, At(0)),
            new("wh-2", "wh_o1", "an_whale", "paid", 6_000_000m, At(1)),
            // A spike: three ordinary orders, then one above 5 × their mean; all paid.
            new("sp-1", "sp_o1", "an_spike", "created", 10_000m, At(0)),
            new("sp-2", "sp_o1", "an_spike", "paid", 10_000m, At(0.5)),
            new("sp-3", "sp_o2", "an_spike", "created", 10_000m, At(1)),
            new("sp-4", "sp_o2", "an_spike", "paid", 10_000m, At(1.5)),
            new("sp-5", "sp_o3", "an_spike", "created", 10_000m, At(2)),
            new("sp-6", "sp_o3", "an_spike", "paid", 10_000m, At(2.5)),
            new("sp-7", "sp_o4", "an_spike", "created", 60_000m, At(3)),
            new("sp-8", "sp_o4", "an_spike", "paid", 60_000m, At(3.5)),
            // A stalled order: created, never paid or cancelled.
            new("st-1", "st_o1", "an_stall", "created", 20_000m, At(0)),
            // An invalid transition: paid straight to delivered.
            new("iv-1", "iv_o1", "an_invalid", "created", 30_000m, At(0)),
            new("iv-2", "iv_o1", "an_invalid", "paid", 30_000m, At(1)),
            new("iv-3", "iv_o1", "an_invalid", "delivered", 30_000m, At(2)),
        };
        var expected = new List<Expected>
        {
            new("CARD_TESTING", "CRITICAL", "an_card", "ct_o1", AlertId("CARD_TESTING", "an_card", "ct-2", "ct-3", "ct-4", "ct-5")),
            new("HIGH_VALUE", "CRITICAL", "an_whale", "wh_o1", AlertId("HIGH_VALUE", "an_whale", "wh-1")),
            new("AMOUNT_SPIKE", "MEDIUM", "an_spike", "sp_o4", AlertId("AMOUNT_SPIKE", "an_spike", "sp-7")),
            new("ORDER_STALLED", "LOW", "an_stall", "st_o1", AlertId("ORDER_STALLED", "an_stall", "st-1")),
            new("INVALID_TRANSITION", "MEDIUM", "an_invalid", "iv_o1", AlertId("INVALID_TRANSITION", "an_invalid", "iv-2", "iv-3")),
        }.OrderBy(e => e.AlertId, StringComparer.Ordinal).ToList();

        var response = await node.Http.PostAsync("/api/v1/examples/batch-events?topic=order_events",
            new StringContent("[" + string.Join(",", events.OrderBy(e => e.Time).Select(Json)) + "]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The stalled order's alert is the last to fire (its deadline is the latest event time).
        await Eventually.Until(() => Alerts().Any(r => r.Value.Contains("ORDER_STALLED", StringComparison.Ordinal)), TimeSpan.FromSeconds(90), "the ORDER_STALLED alert");
        var records = Alerts();
        foreach (var group in records.GroupBy(r => r.Key))
            Assert.Single(group.Select(r => r.Value).Distinct());
        var actual = records.GroupBy(r => r.Key).Select(g =>
        {
            var a = JsonDocument.Parse(g.First().Value).RootElement;
            Assert.Equal(g.Key, a.GetProperty("alert_id").GetString());
            Assert.Equal(g.Key, g.First().Headers["result_id"]);
            Assert.True(a.GetProperty("detected_at").GetDateTimeOffset() > t0.AddMinutes(-1));
            return new Expected(a.GetProperty("rule").GetString()!, a.GetProperty("severity").GetString()!, a.GetProperty("user_id").GetString()!,
                a.GetProperty("order_id").GetString()!, a.GetProperty("alert_id").GetString()!);
        }).OrderBy(e => e.AlertId, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);

        // The user's entity answers its recent alerts.
        var recent = await Eventually.Value<List<string?>>(async () =>
        {
            var answer = await node.Http.GetAsync("/api/v1/analytics/users/an_invalid/alerts");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            return JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(a => a.GetProperty("rule").GetString()).ToList();
        }, rules => rules.Count > 0, TimeSpan.FromSeconds(30), "the recent alerts of an_invalid");
        Assert.Equal(["INVALID_TRANSITION"], recent);

        // The node's figures count them, and the consumed order events.
        var aggregations = JsonDocument.Parse(await node.Http.GetStringAsync("/api/v1/analytics/realtime-aggregations")).RootElement;
        Assert.Equal(expected.Count, aggregations.GetProperty("alerts_raised").GetInt64());
        Assert.Equal(1, aggregations.GetProperty("alerts_by_rule").GetProperty("CARD_TESTING").GetInt64());
        var stats = JsonDocument.Parse(await node.Http.GetStringAsync("/api/v1/analytics/stream-stats")).RootElement;
        var orderTopic = stats.GetProperty("topics").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "order_events");
        Assert.Equal(events.Count, orderTopic.GetProperty("consumed").GetInt64());
        Assert.NotEmpty(orderTopic.GetProperty("partitions").EnumerateArray());
    }

    private IReadOnlyList<Kcat.Record> Alerts() => Kcat.ReadAll(node.Bootstrap, "order_anomaly_alerts");
}
