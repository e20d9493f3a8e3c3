using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Streaming.Streams.Contracts;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Nodes.Tests;

/// <summary>
/// Product popularity, trending and order anomalies while the processing node is killed hard
/// (SIGKILL, separate process) three times mid-stream, PostgreSQL as the journal. Afterwards every
/// product window, trending list and alert of the reference is on its topic, and no result id was
/// ever published with two different contents — alerts included, whose detected_at is wall clock.
/// </summary>
public sealed class AnalyticsCrashRecoveryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(NodeFixture.WindowSeconds);
    private static readonly TimeSpan Slide = TimeSpan.FromSeconds(NodeFixture.SlideSeconds);

    private sealed record OrderInput(string EventId, string OrderId, string UserId, string Status, decimal Total, int OffsetMs);

    /// <summary>An alert the script must raise: its rule and severity (SPEC §3.3), the script's trigger event and evidence events.</summary>
    private sealed record ExpectedAlert(string Rule, string Severity, OrderInput Trigger, IReadOnlyList<OrderInput> Evidence)
    {
        public string Id => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Rule}|{Trigger.UserId}|{string.Join(',', Evidence.Select(e => e.EventId))}")))[..32];
    }

    /// <summary>One scripted user (the script depends on the index) and the alerts it must raise.</summary>
    private static (List<OrderInput> Events, List<ExpectedAlert> Alerts) Script(int index)
    {
        var u = $"cr_u{index}";
        OrderInput E(int n, string order, string status, decimal total, int ms) => new($"{u}-e{n}", $"{u}-{order}", u, status, total, ms);
        List<OrderInput> events;
        switch (index % 5)
        {
            case 0:
                events = [E(1, "o1", "created", 50_000m, 0), E(2, "o1", "payment_failed", 50_000m, 100), E(3, "o1", "payment_failed", 50_000m, 200),
                          E(4, "o1", "payment_failed", 50_000m, 300), E(5, "o1", "paid", 50_000m, 400)];
                return (events, [new("CARD_TESTING", "CRITICAL", events[4], events[1..5])]);
            case 1:
                events = [E(1, "o1", "created", 2_000_000m, 0), E(2, "o1", "paid", 2_000_000m, 100)];
                return (events, [new("HIGH_VALUE", "HIGH", events[0], [events[0]])]);
            case 2:
                events = [E(1, "o1", "created", 10_000m, 0), E(2, "o1", "paid", 10_000m, 50), E(3, "o2", "created", 10_000m, 100), E(4, "o2", "paid", 10_000m, 150),
                          E(5, "o3", "created", 10_000m, 200), E(6, "o3", "paid", 10_000m, 250), E(7, "o4", "created", 90_000m, 300), E(8, "o4", "paid", 90_000m, 350)];
                return (events, [new("AMOUNT_SPIKE", "MEDIUM", events[6], [events[6]])]);
            case 3:
                events = [E(1, "o1", "created", 20_000m, 0)];
                return (events, [new("ORDER_STALLED", "LOW", events[0], [events[0]])]);
            default:
                events = [E(1, "o1", "created", 30_000m, 0), E(2, "o1", "paid", 30_000m, 100), E(3, "o1", "delivered", 30_000m, 200)];
                return (events, [new("INVALID_TRANSITION", "MEDIUM", events[2], events[1..3])]);
        }
    }

    /// <summary>
    /// Asserts an alert record field by field against the script: everything but <c>detected_at</c> (wall clock, only
    /// required to be a time) and the description's wording (required to name the user) and evidence values.
    /// </summary>
    private static void AssertAlert(ExpectedAlert expected, IReadOnlyDictionary<string, DateTimeOffset> timeOf, string json)
    {
        using var document = JsonDocument.Parse(json);
        var alert = document.RootElement;
        static object Event(string id, string order, string status, decimal amount, DateTimeOffset time) => (id, order, status, amount, time.ToUnixTimeMilliseconds());
        Assert.Equal(
            (expected.Id, expected.Rule, expected.Severity, expected.Trigger.UserId, expected.Trigger.OrderId, expected.Trigger.Total, timeOf[expected.Trigger.EventId].ToUnixTimeMilliseconds()),
            (alert.GetProperty("alert_id").GetString(), alert.GetProperty("rule").GetString(), alert.GetProperty("severity").GetString(),
             alert.GetProperty("user_id").GetString(), alert.GetProperty("order_id").GetString(), alert.GetProperty("amount").GetDecimal(),
             alert.GetProperty("event_time").GetDateTimeOffset().ToUnixTimeMilliseconds()));
        Assert.Equal(
            expected.Evidence.Select(e => Event(e.EventId, e.OrderId, e.Status, e.Total, timeOf[e.EventId])),
            alert.GetProperty("evidence").GetProperty("events").EnumerateArray().Select(e => Event(e.GetProperty("event_id").GetString()!,
                e.GetProperty("order_id").GetString()!, e.GetProperty("status").GetString()!, e.GetProperty("amount").GetDecimal(), e.GetProperty("event_time").GetDateTimeOffset())));
        Assert.True(alert.GetProperty("detected_at").TryGetDateTimeOffset(out _), json);
        Assert.Contains(expected.Trigger.UserId, alert.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Windows_trending_and_alerts_survive_repeated_sigkill_of_the_processing_node()
    {
        await using var rig = await CrashRig.StartAsync(new Dictionary<string, string>
        {
            ["Streaming__Analytics__ProductWindow"] = $"00:00:{NodeFixture.WindowSeconds:00}",
            ["Streaming__Analytics__ProductSlide"] = $"00:00:{NodeFixture.SlideSeconds:00}",
            ["Streaming__Analytics__TrendingTopN"] = $"{NodeFixture.TopN}",
            ["Streaming__Analytics__StallTimeout"] = $"00:00:{NodeFixture.StallSeconds:00}",
        }, output);
        var kafka = rig.Kafka;

        var products = new List<ProductTraffic.Input>();
        var expectedAlerts = new Dictionary<string, ExpectedAlert>(StringComparer.Ordinal);
        var timeOf = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        {
            using var producer = rig.Producer();

            // ~30 s of traffic: event times follow the wall clock (within the out-of-orderness bound), so nothing is late.
            var production = Task.Run(async () =>
            {
                var random = new Random(17);
                for (var chunk = 0; chunk < 70; chunk++)
                {
                    var now = DateTimeOffset.UtcNow;
                    var batch = ProductTraffic.Generate(chunk, products: 9, events: 12, now, TimeSpan.FromMilliseconds(500), "cr_p")
                        .Select(e => e with { EventId = $"c{chunk}-{e.EventId}" }).ToList();
                    foreach (var e in batch)
                    {
                        var parsed = EventKinds.Product.Parse(Encoding.UTF8.GetBytes(ProductTraffic.ToJson(e)), EventStamp.Now()).GetValueOrThrow();
                        producer.Produce(TopicNames.ProductAnalytics, new Message<string, byte[]> { Key = parsed.ProductId, Value = EventKinds.Product.Serialize(parsed) });
                    }
                    products.AddRange(batch);
                    for (var user = chunk * 2; user < (chunk * 2) + 2; user++)
                    {
                        var (events, alerts) = Script(user);
                        foreach (var o in events)
                        {
                            timeOf[o.EventId] = DateTimeOffset.FromUnixTimeMilliseconds(now.AddMilliseconds(o.OffsetMs).ToUnixTimeMilliseconds());
                            var json = JsonSerializer.Serialize(new Dictionary<string, object>
                            {
                                ["event_id"] = o.EventId, ["order_id"] = o.OrderId, ["user_id"] = o.UserId, ["status"] = o.Status, ["total_amount"] = o.Total,
                                ["timestamp"] = ProductTraffic.Iso(now.AddMilliseconds(o.OffsetMs)),
                            });
                            var parsed = EventKinds.Order.Parse(Encoding.UTF8.GetBytes(json), EventStamp.Now()).GetValueOrThrow();
                            producer.Produce(TopicNames.OrderEvents, new Message<string, byte[]> { Key = parsed.UserId, Value = EventKinds.Order.Serialize(parsed) });
                        }
                        foreach (var alert in alerts) expectedAlerts[alert.Id] = alert;
                    }
                    producer.Flush(TimeSpan.FromSeconds(30));
                    await Task.Delay(400 + random.Next(50));
                }
            });
            await rig.KillThreeTimesAsync(async _ =>
            {
                // Kill only a node that has been processing for a moment (alerts keep arriving).
                var before = Kcat.ReadAll(kafka.BootstrapServers, TopicNames.OrderAnomalyAlerts).Count;
                await Eventually.Until(() => Kcat.ReadAll(kafka.BootstrapServers, TopicNames.OrderAnomalyAlerts).Count >= before + 4, TimeSpan.FromSeconds(90), "the node to process alerts");
            });
            await production;

            var expectedWindows = ExpectedWindow.Compute(products, Window, Slide).ToDictionary(w => w.ResultId);
            var expectedTrending = expectedWindows.Values.GroupBy(w => w.EndMs).ToDictionary(g => g.Key, g => ExpectedWindow.Trending(g, NodeFixture.TopN));
            await Eventually.Until(() => Ids(kafka, TopicNames.ProductPopularityMetrics).Count >= expectedWindows.Count, TimeSpan.FromSeconds(150), $"all {expectedWindows.Count} product windows");
            try
            {
                await Eventually.Until(() => Ids(kafka, TopicNames.OrderAnomalyAlerts).Count >= expectedAlerts.Count, TimeSpan.FromSeconds(240), $"all {expectedAlerts.Count} alerts");
            }
            catch (TimeoutException)
            {
                var seen = Ids(kafka, TopicNames.OrderAnomalyAlerts);
                output.WriteLine("missing alerts: " + string.Join(", ", expectedAlerts.Values.Where(a => !seen.Contains(a.Id)).Select(a => $"{a.Rule} of {a.Trigger.UserId}")));
                throw;
            }
            await Eventually.Until(() => Ids(kafka, TopicNames.TrendingProducts).Count >= expectedTrending.Count, TimeSpan.FromSeconds(150), $"all {expectedTrending.Count} trending records");

            var windows = Unique(kafka, TopicNames.ProductPopularityMetrics);
            Assert.Equal(expectedWindows.Keys.Order(StringComparer.Ordinal), windows.Keys.Order(StringComparer.Ordinal));
            foreach (var (id, json) in windows) Assert.Equal(expectedWindows[id], ExpectedWindow.FromRecord(json));

            var alerts = Unique(kafka, TopicNames.OrderAnomalyAlerts);
            Assert.Equal(expectedAlerts.Keys.Order(StringComparer.Ordinal), alerts.Keys.Order(StringComparer.Ordinal));
            foreach (var (id, json) in alerts) AssertAlert(expectedAlerts[id], timeOf, json);

            var trending = Unique(kafka, TopicNames.TrendingProducts).Values.Select(ExpectedWindow.TrendingFromRecord).ToList();
            Assert.Equal(expectedTrending.Keys.Order(), trending.Select(t => t.EndMs).Order());
            foreach (var t in trending) Assert.Equal(expectedTrending[t.EndMs], (t.Count, t.Top, t.ByCategory));
            output.WriteLine($"{windows.Count} windows, {alerts.Count} alerts, {trending.Count} trending lists after 3 kills");
        }
    }

    private static HashSet<string> Ids(ExternalKafka kafka, string topic) =>
        Kcat.ReadAll(kafka.BootstrapServers, topic).Select(r => r.Headers["result_id"]).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every result id with its one content; fails when an id was published with two different contents.</summary>
    private Dictionary<string, string> Unique(ExternalKafka kafka, string topic)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var records = Kcat.ReadAll(kafka.BootstrapServers, topic);
        output.WriteLine($"{topic}: {records.Count} records for {records.Select(r => r.Headers["result_id"]).Distinct().Count()} result ids");
        foreach (var group in records.GroupBy(r => r.Headers["result_id"]))
        {
            var contents = group.Select(r => r.Value).Distinct().ToList();
            Assert.True(contents.Count == 1, $"{topic}: result {group.Key} was published with {contents.Count} different contents:\n{string.Join("\n", contents)}");
            result[group.Key] = contents[0];
        }
        return result;
    }
}
