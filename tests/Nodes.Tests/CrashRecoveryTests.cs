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
        using var kafka = ExternalKafka.Start(partitions: 3);
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("streaming");
        var environment = new Dictionary<string, string>
        {
            ["Streaming__Persistence__Provider"] = "postgresql",
            ["Streaming__Persistence__ConnectionString"] = database,
            ["Streaming__Analytics__SessionGap"] = $"00:00:0{NodeFixture.GapSeconds}",
            ["Streaming__Analytics__OutOfOrderness"] = "00:00:01",
            ["Streaming__Analytics__IdleAfter"] = "00:00:02",
            ["Streaming__Engine__CheckpointInterval"] = "00:00:02",
            ["Logging__LogLevel__Default"] = "Warning",
        };

        var events = TrafficGenerator.Generate(seed: 3, users: 24, eventsPerUser: 40, new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), Gap, "crash_u");
        var expected = ExpectedSession.Sessionize(events, Gap).ToDictionary(s => s.SessionId);

        var node = NodeProcess.Start(kafka, environment);
        try
        {
            (await node.WaitForHttpAsync("/health/")).Dispose();
            using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
            {
                BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true, Acks = Acks.All, Partitioner = Partitioner.Murmur2Random,
            }).Build();

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
            var kills = 0;
            while (kills < 3)
            {
                // Kill only a node that is processing, at a different point of its checkpoint interval each time.
                var current = node;
                await Eventually.Until(async () => await Consumed(current) >= 20, TimeSpan.FromSeconds(90), "the node to process events");
                await Task.Delay(TimeSpan.FromMilliseconds(700 + (500 * kills)));
                node.Kill();
                kills++;
                output.WriteLine($"killed node #{kills} at {DateTime.UtcNow:HH:mm:ss.fff}");
                await node.DisposeAsync();
                node = NodeProcess.Start(kafka, environment);
                (await node.WaitForHttpAsync("/health/")).Dispose();
            }
            await production;
            Assert.Equal(3, kills);

            await Eventually.Until(() => Distinct(kafka).Count >= expected.Count, TimeSpan.FromSeconds(150),
                $"all {expected.Count} sessions after {kills} kills");

            var records = Kcat.ReadAll(kafka.BootstrapServers, TopicNames.UserSessionAnalytics).Where(r => r.Key!.StartsWith("crash_u", StringComparison.Ordinal)).ToList();
            foreach (var group in records.GroupBy(r => r.Headers["result_id"]))
                Assert.True(group.Select(r => r.Value).Distinct().Count() == 1, $"session {group.Key} was published with different contents");
            var actual = records.GroupBy(r => r.Headers["result_id"]).Select(g => ExpectedSession.FromRecord(g.First().Value)).ToDictionary(s => s.SessionId);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
            foreach (var (id, session) in expected) Assert.Equal(session, actual[id]);
            output.WriteLine($"{records.Count} records for {expected.Count} sessions ({records.Count - expected.Count} identical re-deliveries)");
        }
        finally
        {
            await node.DisposeAsync();
        }
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
