using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Nodes.Tests;

/// <summary>
/// The mock broker keeps only about 5 MiB per partition: a backfill larger than that, posted while the processors lag,
/// must not lose acknowledged events. The gateway admits records only while the backlog fits (503 otherwise).
/// </summary>
public sealed class BackfillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _gatewayDir = Directory.CreateTempSubdirectory("streaming-gateway-").FullName;
    private readonly string _processorDir = Directory.CreateTempSubdirectory("streaming-processor-").FullName;

    [Fact]
    public async Task A_backfill_larger_than_the_brokers_retention_is_processed_completely()
    {
        using var kafka = ExternalKafka.Start(partitions: 3);
        NodeProcess Node(string role, string dir) => NodeProcess.Start(new NodeProcessOptions
        {
            Environment = new Dictionary<string, string>(kafka.NodeEnvironment.Concat(SessionTraffic.Settings(("Streaming__Cluster__Roles__0", role)))),
            Arguments = ["--data-dir", dir],
            OnOutput = line => output.WriteLine($"[{role}] {line}"),
        });
        // One event per user, each carrying 900 bytes of metadata: about 25 MB in all, more than what the three partitions
        // keep (~5 MiB each), while the sessions they make (a few hundred bytes each) fit in the result topic.
        var events = TrafficGenerator.Generate(seed: 81, users: 24_000, eventsPerUser: 1, new DateTimeOffset(2026, 5, 5, 5, 0, 0, TimeSpan.Zero),
            SessionTraffic.Gap, "bf_u").Select(e => e with { PageUrl = null, Device = e.Device ?? "web" }).ToList();
        var padding = new string('x', 900);
        string Padded(ExpectedSession.Input e) => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["user_id"] = e.UserId,
            ["event_type"] = e.EventType,
            ["timestamp"] = e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["metadata"] = new Dictionary<string, string> { ["device"] = e.Device ?? "web", ["note"] = padding },
        });

        await using var gateway = Node("gateway", _gatewayDir);
        (await gateway.WaitForHttpAsync()).Dispose();
        var posting = SessionTraffic.PostAsync(gateway.Http, events, batch: 500, patience: TimeSpan.FromMinutes(5), toJson: Padded);

        // The processors are not running yet: the gateway refuses once a partition's backlog would overflow the broker.
        await Eventually.Until(() => posting.IsCompleted || gateway.Lines.Count > 0 && BacklogRefused(gateway), TimeSpan.FromMinutes(2), "the gateway refusing");
        await using var processor = Node("processor", _processorDir);
        var refused = await posting;
        Assert.True(refused > 0, "the gateway never refused, so the backlog limit was not exercised");

        // Sixty thousand sessions: wait on the processor's count, then read the topic once.
        await Eventually.Until(async () => SessionTraffic.Total(await SessionTraffic.MetricsAsync(processor), "sessions_closed") >= events.Count,
            TimeSpan.FromMinutes(4), "every session closed");
        await SessionTraffic.AssertSessionsAsync(kafka.BootstrapServers, "bf_u", events, TimeSpan.FromMinutes(2));
        var metrics = await SessionTraffic.MetricsAsync(processor);
        Assert.Equal(0, SessionTraffic.Total(metrics, "unprocessable:user_events"));
        Assert.Equal(events.Count, SessionTraffic.Total(metrics, "consumed:user_events"));
        Assert.DoesNotContain(processor.Lines, l => l.Contains("deleted by retention", StringComparison.Ordinal) || l.Contains("out of range", StringComparison.Ordinal));
    }

    /// <summary>The gateway's own metrics show a 503 answered on the ingest endpoint.</summary>
    private static bool BacklogRefused(NodeProcess gateway)
    {
        using var response = gateway.Http.GetAsync("/metrics").GetAwaiter().GetResult();
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return text.Split('\n').Any(l => l.StartsWith("http_requests_received_total", StringComparison.Ordinal) && l.Contains("code=\"503\"", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        foreach (var dir in new[] { _gatewayDir, _processorDir })
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
