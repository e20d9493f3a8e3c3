using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Streaming.TestSupport;

namespace Streaming.Api.Tests;

/// <summary>The broker goes away mid-run: clients get 503 with Retry-After, and every acknowledged event is in the topic afterwards.</summary>
public sealed class BrokerOutageTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Requests_get_503_while_down_and_nothing_acknowledged_is_lost()
    {
        var acknowledged = new ConcurrentBag<string>();
        var unavailable = 0;
        var seq = 0;
        using var stop = new CancellationTokenSource();

        async Task Sender()
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref seq);
                var response = await gateway.Http.PostAsync("/api/v1/examples/user-events",
                    GatewayFixture.Json($$"""{"event_id":"outage-{{n}}","user_id":"outage_u{{n % 7}}","event_type":"click"}"""));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("event_id").GetString()!);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    Assert.True(response.Headers.RetryAfter is not null, "503 without Retry-After");
                    Interlocked.Increment(ref unavailable);
                }
            }
        }

        var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(Sender)).ToList();
        await WaitUntil(() => acknowledged.Count >= 50);

        gateway.Kafka.Embedded!.SetDown();
        await WaitUntil(() => Volatile.Read(ref unavailable) >= 4);
        var health = await gateway.Http.GetAsync("/health/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);

        var ackedBeforeRecovery = acknowledged.Count;
        gateway.Kafka.Embedded!.SetUp();
        await WaitUntil(() => acknowledged.Count >= ackedBeforeRecovery + 50);
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        var inTopic = Kcat.ReadAll(gateway.Bootstrap, "user_events")
            .Where(r => r.Headers.TryGetValue("event_id", out var id) && id.StartsWith("outage-", StringComparison.Ordinal))
            .Select(r => r.Headers["event_id"]).ToHashSet();
        var missing = acknowledged.Where(id => !inTopic.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged events missing, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/health/")).StatusCode);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!condition())
        {
            timeout.Token.ThrowIfCancellationRequested();
            await Task.Delay(50, timeout.Token);
        }
    }
}
