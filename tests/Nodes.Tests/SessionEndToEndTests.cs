using System.Net;
using System.Text.Json;
using Streaming.TestSupport;

namespace Streaming.Nodes.Tests;

/// <summary>
/// Events POSTed to the gateway become sessions on user_session_analytics, read with kcat, equal to the naive reference.
/// Each test has a node of its own: a partition's watermark is shared by everything posted to it, so tests sharing a
/// node would depend on the order they run in.
/// </summary>
public sealed class SessionEndToEndTests : IAsyncLifetime
{
    private readonly NodeFixture node = new();

    public Task InitializeAsync() => node.InitializeAsync();

    public Task DisposeAsync() => node.DisposeAsync();

    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(NodeFixture.GapSeconds);

    private async Task PostInOrder(IReadOnlyList<ExpectedSession.Input> events)
    {
        foreach (var chunk in events.Chunk(50))
        {
            var response = await node.Http.PostAsync("/api/v1/examples/batch-events?topic=user_events",
                new StringContent("[" + string.Join(",", chunk.Select(TrafficGenerator.ToJson)) + "]", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private IReadOnlyList<Kcat.Record> Sessions(string prefix) =>
        Kcat.ReadAll(node.Bootstrap, "user_session_analytics").Where(r => r.Key!.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    private static async Task Until(Func<bool> condition, string what, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out waiting for " + what);
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task Sessions_from_the_gateway_equal_the_naive_reference()
    {
        var events = TrafficGenerator.Generate(seed: 7, users: 12, eventsPerUser: 25, new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), Gap, "e2e_u");
        var expected = ExpectedSession.Sessionize(events, Gap).OrderBy(s => s.SessionId, StringComparer.Ordinal).ToList();

        await PostInOrder(events);
        await Until(() => Sessions("e2e_u").Count >= expected.Count, $"{expected.Count} sessions");

        var records = Sessions("e2e_u");
        var actual = records.Select(r => ExpectedSession.FromRecord(r.Value)).OrderBy(s => s.SessionId, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        Assert.All(records, r => Assert.Equal(JsonDocument.Parse(r.Value).RootElement.GetProperty("session_id").GetString(), r.Headers["result_id"]));
    }

    [Fact]
    public async Task Poison_records_and_late_events_land_in_their_topics_and_the_stream_goes_on()
    {
        Kcat.Produce(node.Bootstrap, "user_events", "poison_key", "this is not json {");
        // The user's partition first sees an event of now: a partition without events has no watermark, so its first event is never late.
        var current = await node.Http.PostAsync("/api/v1/examples/user-events", new StringContent(
            $$"""{"user_id":"late_user","event_type":"click","timestamp":"{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        await Until(() => node.Http.GetAsync("/api/v1/analytics/users/late_user/session").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK,
            "the current event of late_user processed", 30);
        var late = await node.Http.PostAsync("/api/v1/examples/user-events", new StringContent(
            """{"user_id":"late_user","event_type":"click","timestamp":"2026-11-25T01:00:00Z","event_id":"late-evt-1"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);

        await Until(() => Kcat.ReadAll(node.Bootstrap, "dead_letters").Any(r => r.Key == "poison_key"), "the poison record in dead_letters");
        var dead = JsonDocument.Parse(Kcat.ReadAll(node.Bootstrap, "dead_letters").First(r => r.Key == "poison_key").Value).RootElement;
        Assert.Equal("user_events", dead.GetProperty("topic").GetString());
        Assert.Equal("this is not json {", dead.GetProperty("value").GetString());
        Assert.False(string.IsNullOrWhiteSpace(dead.GetProperty("error").GetString()));

        await Until(() => Kcat.ReadAll(node.Bootstrap, "late_events").Any(r => r.Key == "late_user"), "the late event in late_events");
        var lateRecord = JsonDocument.Parse(Kcat.ReadAll(node.Bootstrap, "late_events").First(r => r.Key == "late_user").Value).RootElement;
        Assert.Equal("late-evt-1", lateRecord.GetProperty("event_id").GetString());
        Assert.True(lateRecord.GetProperty("watermark").GetDateTimeOffset() >= lateRecord.GetProperty("event_time").GetDateTimeOffset().Add(Gap));
        Assert.False(string.IsNullOrWhiteSpace(lateRecord.GetProperty("reason").GetString()));

        // The pipeline goes on: traffic after the poison still becomes sessions, and the late user got none.
        var after = TrafficGenerator.Generate(seed: 11, users: 3, eventsPerUser: 5, DateTimeOffset.UtcNow.AddMinutes(-1), Gap, "after_u");
        var expected = ExpectedSession.Sessionize(after, Gap);
        await PostInOrder(after);
        await Until(() => Sessions("after_u").Count >= expected.Count, "sessions after the poison record");
        // The late event changed no result: the user's only session holds the current event alone.
        await Until(() => Sessions("late_user").Count == 1, "the session of late_user's current event");
        Assert.Equal(1, ExpectedSession.FromRecord(Sessions("late_user")[0].Value).Count);
    }

    [Fact]
    public async Task An_open_session_is_answered_by_its_entity_and_an_unknown_user_gets_404()
    {
        var now = DateTimeOffset.UtcNow;
        var body = $$"""{"user_id":"live_user","event_type":"page_view","page_url":"/live","timestamp":"{{now:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""";
        Assert.Equal(HttpStatusCode.OK, (await node.Http.PostAsync("/api/v1/examples/user-events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).StatusCode);

        JsonElement session = default;
        await Until(() =>
        {
            var response = node.Http.GetAsync("/api/v1/analytics/users/live_user/session").GetAwaiter().GetResult();
            if (response.StatusCode != HttpStatusCode.OK) return false;
            session = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement;
            return true;
        }, "the open session of live_user", 30);
        Assert.Equal("live_user", session.GetProperty("user_id").GetString());
        Assert.Equal(1, session.GetProperty("page_views").GetInt32());

        var unknown = await node.Http.GetAsync("/api/v1/analytics/users/nobody_here/session");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
