using Confluent.Kafka;
using Streaming.Streams.Contracts;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Nodes.Tests;

/// <summary>
/// The processing node is killed hard (SIGKILL, separate process) several times mid-stream with
/// PostgreSQL (Debian's server) as the journal. Afterwards every session of the reference is on
/// the topic, nothing is double-counted, and any re-delivered session is byte-identical.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(NodeFixture.GapSeconds);

    [Fact]
    public async Task Sessions_survive_repeated_sigkill_of_the_processing_node()
    {
        await using var rig = await CrashRig.StartAsync(new Dictionary<string, string>
        {
            ["Streaming__Analytics__SessionGap"] = $"00:00:0{NodeFixture.GapSeconds}",
        }, output);
        var kafka = rig.Kafka;

        var events = TrafficGenerator.Generate(seed: 3, users: 24, eventsPerUser: 40, new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), Gap, "crash_u");
        var expected = ExpectedSession.Sessionize(events, Gap).ToDictionary(s => s.SessionId);

        using var producer = rig.Producer();
        // Produce steadily for ~36 s while the node is killed three times mid-stream.
        var production = Task.Run(async () =>
        {
            foreach (var chunk in events.Chunk(events.Count / 120))
            {
                foreach (var e in chunk)
                {
                    var parsed = EventKinds.User.Parse(System.Text.Encoding.UTF8.GetBytes(TrafficGenerator.ToJson(e)), EventStamp.Now()).GetValueOrThrow();
                    producer.Produce(TopicNames.UserEvents, new Message<string, byte[]> { Key = parsed.UserId, Value = EventKinds.User.Serialize(parsed) });
                }
                producer.Flush(TimeSpan.FromSeconds(30));
                await Task.Delay(300);
            }
        });
        await rig.KillThreeTimesAsync(node =>
            Eventually.Until(async () => await Consumed(node) >= 20, TimeSpan.FromSeconds(90), "the node to process events"));
        await production;

        await Eventually.Until(() => Distinct(kafka).Count >= expected.Count, TimeSpan.FromSeconds(150),
            $"all {expected.Count} sessions after 3 kills");

        var records = Kcat.ReadAll(kafka.BootstrapServers, TopicNames.UserSessionAnalytics).Where(r => r.Key!.StartsWith("crash_u", StringComparison.Ordinal)).ToList();
        foreach (var group in records.GroupBy(r => r.Headers["result_id"]))
            Assert.True(group.Select(r => r.Value).Distinct().Count() == 1, $"session {group.Key} was published with different contents");
        var actual = records.GroupBy(r => r.Headers["result_id"]).Select(g => ExpectedSession.FromRecord(g.First().Value)).ToDictionary(s => s.SessionId);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, session) in expected) Assert.Equal(session, actual[id]);
        output.WriteLine($"{records.Count} records for {expected.Count} sessions ({records.Count - expected.Count} identical re-deliveries)");
    }

    private static async Task<long> Consumed(NodeProcess node)
    {
        using var response = await node.Http.GetAsync("/api/v1/analytics/processing-metrics");
        if (!response.IsSuccessStatusCode) return 0;
        var totals = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("totals");
        return totals.TryGetProperty("consumed:user_events", out var consumed) ? consumed.GetInt64() : 0;
    }

    private static HashSet<string> Distinct(ExternalKafka kafka) =>
        Kcat.ReadAll(kafka.BootstrapServers, TopicNames.UserSessionAnalytics)
            .Where(r => r.Key!.StartsWith("crash_u", StringComparison.Ordinal))
            .Select(r => r.Headers["result_id"]).ToHashSet();
}
