using System.Text;
using System.Text.Json;
using Streaming.Analytics.Sessions;

namespace Streaming.Analytics.Tests.Sessions;

public sealed class UserSessionJsonTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 10, 0, 0, 123, TimeSpan.Zero);

    private static UserSession Sample()
    {
        var state = UserSessionState.Empty("u-1");
        var events = new[]
        {
            new SessionEvent("a", "u-1", T0, "page_view", "/home", "ios"),
            new SessionEvent("b", "u-1", T0.AddSeconds(61.5), "purchase", "/checkout", "web"),
            new SessionEvent("c", "u-1", T0.AddSeconds(30), "page_view", "/home", "ios"),
        };
        foreach (var e in events)
        {
            state = SessionLogic.Apply(state, e, DateTimeOffset.MinValue, SessionOptions.Default).State;
        }

        return Assert.Single(SessionLogic.Close(state, DateTimeOffset.MaxValue, SessionOptions.Default).Outputs);
    }

    [Fact]
    public void SerializesToTheSpecRecord()
    {
        var json = JsonSerializer.Serialize(Sample(), SessionsJsonContext.Default.UserSession);
        Assert.Equal(
            """{"user_id":"u-1","session_id":"u-1:1704103200123","session_start":"2024-01-01T10:00:00.123Z","session_end":"2024-01-01T10:01:01.623Z","duration_seconds":61.5,"event_count":3,"page_views":2,"purchases":1,"event_types":{"page_view":2,"purchase":1},"distinct_pages":2,"devices":["ios","web"],"gap_seconds":300}""",
            json);
    }

    [Fact]
    public void RoundTrips()
    {
        var session = Sample();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(session, SessionsJsonContext.Default.UserSession);
        var back = JsonSerializer.Deserialize(bytes, SessionsJsonContext.Default.UserSession);
        Assert.Equal(session, back);
        Assert.Equal(bytes, JsonSerializer.SerializeToUtf8Bytes(back, SessionsJsonContext.Default.UserSession));
    }

    [Fact]
    public void TimesAreWrittenInUtcWithMilliseconds()
    {
        var session = Sample() with { SessionStart = new DateTimeOffset(2024, 1, 1, 19, 0, 0, TimeSpan.FromHours(9)).AddTicks(12_345) };
        var json = JsonSerializer.Serialize(session, SessionsJsonContext.Default.UserSession);
        Assert.Contains("\"session_start\":\"2024-01-01T10:00:00.001Z\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsTimesWithOffsetsOrWithoutAsUtc()
    {
        var json = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(Sample(), SessionsJsonContext.Default.UserSession))
            .Replace("2024-01-01T10:00:00.123Z", "2024-01-01T19:00:00.123+09:00", StringComparison.Ordinal)
            .Replace("2024-01-01T10:01:01.623Z", "2024-01-01T10:01:01.623", StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize(json, SessionsJsonContext.Default.UserSession)!;
        Assert.Equal(T0, back.SessionStart);
        Assert.Equal(T0.AddSeconds(61.5), back.SessionEnd);
    }

    [Fact]
    public void StateRoundTripsThroughJson()
    {
        var options = SessionOptions.Default;
        var state = UserSessionState.Empty("u");
        foreach (var (s, type, page, device) in new[] { (0, "login", (string?)null, "ios"), (10, "page_view", "/a", (string?)null), (1000, "purchase", "/b", "web") })
        {
            state = SessionLogic.Apply(state, new SessionEvent($"e{s}", "u", T0.AddSeconds(s), type, page, device), DateTimeOffset.MinValue, options).State;
        }

        state = SessionLogic.Close(state, T0.AddSeconds(400), options).State;
        Assert.NotNull(state.LastClosedEventTime);

        var json = JsonSerializer.Serialize(state, SessionsJsonContext.Default.UserSessionState);
        Assert.Contains("\"last_closed_event_time\":\"2024-01-01T10:00:10.123Z\"", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize(json, SessionsJsonContext.Default.UserSessionState)!;
        Assert.Equal(state, back);
        Assert.Equal(SessionLogic.Preview(state, options).AsEnumerable(), SessionLogic.Preview(back, options).AsEnumerable());
    }

    [Fact]
    public void EmptyStateRoundTrips()
    {
        var json = JsonSerializer.Serialize(UserSessionState.Empty("u"), SessionsJsonContext.Default.UserSessionState);
        Assert.Equal("""{"user_id":"u","sessions":[],"last_closed_event_time":null}""", json);
        Assert.Equal(UserSessionState.Empty("u"), JsonSerializer.Deserialize(json, SessionsJsonContext.Default.UserSessionState));
    }

    [Fact]
    public void TheSameEventsInAnotherOrderGiveIdenticalBytes()
    {
        var events = Enumerable.Range(0, 20)
            .Select(i => new SessionEvent($"e{i}", "u", T0.AddSeconds(i * 7), i % 3 == 0 ? "purchase" : "page_view", $"/p{i % 5}", i % 2 == 0 ? "ios" : "android"))
            .ToList();
        Assert.Equal(Bytes(events), Bytes(Enumerable.Reverse(events)));
        Assert.Equal(Bytes(events), Bytes(events.OrderBy(e => e.EventId.GetHashCode(StringComparison.Ordinal))));
    }

    private static byte[] Bytes(IEnumerable<SessionEvent> events)
    {
        var state = UserSessionState.Empty("u");
        foreach (var e in events)
        {
            state = SessionLogic.Apply(state, e, DateTimeOffset.MinValue, SessionOptions.Default).State;
        }

        return JsonSerializer.SerializeToUtf8Bytes(
            Assert.Single(SessionLogic.Close(state, DateTimeOffset.MaxValue, SessionOptions.Default).Outputs),
            SessionsJsonContext.Default.UserSession);
    }
}
