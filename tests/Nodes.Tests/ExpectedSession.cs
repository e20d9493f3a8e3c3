using System.Text.Json;

namespace Streaming.Nodes.Tests;

/// <summary>A session as the naive batch reference computes it: sort a user's events, split at gaps ≥ G.</summary>
public sealed record ExpectedSession(string UserId, long StartMs, long EndMs, int Count, int PageViews, int Purchases, string EventTypes, int DistinctPages, string Devices)
{
    public string SessionId => $"{UserId}:{StartMs}";

    public sealed record Input(string UserId, DateTimeOffset Time, string EventType, string? PageUrl, string? Device);

    public static IReadOnlyList<ExpectedSession> Sessionize(IEnumerable<Input> events, TimeSpan gap)
    {
        var result = new List<ExpectedSession>();
        foreach (var user in events.GroupBy(e => e.UserId))
        {
            var current = new List<Input>();
            foreach (var e in user.OrderBy(e => e.Time))
            {
                if (current.Count > 0 && e.Time - current[^1].Time >= gap)
                {
                    result.Add(From(current));
                    current = [];
                }
                current.Add(e);
            }
            if (current.Count > 0) result.Add(From(current));
        }
        return result;
    }

    private static ExpectedSession From(List<Input> s) => new(
        s[0].UserId,
        s[0].Time.ToUnixTimeMilliseconds(),
        s[^1].Time.ToUnixTimeMilliseconds(),
        s.Count,
        s.Count(e => e.EventType == "page_view"),
        s.Count(e => e.EventType == "purchase"),
        string.Join(",", s.GroupBy(e => e.EventType).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}")),
        s.Where(e => !string.IsNullOrEmpty(e.PageUrl)).Select(e => e.PageUrl).Distinct().Count(),
        string.Join(",", s.Where(e => !string.IsNullOrEmpty(e.Device)).Select(e => e.Device!).Distinct().OrderBy(d => d, StringComparer.Ordinal)));

    /// <summary>Reads a user_session_analytics record into the same shape.</summary>
    public static ExpectedSession FromRecord(string json)
    {
        var r = JsonDocument.Parse(json).RootElement;
        var start = r.GetProperty("session_start").GetDateTimeOffset();
        var end = r.GetProperty("session_end").GetDateTimeOffset();
        var types = string.Join(",", r.GetProperty("event_types").EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value.GetInt32()}"));
        var devices = string.Join(",", r.GetProperty("devices").EnumerateArray().Select(d => d.GetString()));
        var session = new ExpectedSession(r.GetProperty("user_id").GetString()!, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(),
            r.GetProperty("event_count").GetInt32(), r.GetProperty("page_views").GetInt32(), r.GetProperty("purchases").GetInt32(), types,
            r.GetProperty("distinct_pages").GetInt32(), devices);
        if (r.GetProperty("session_id").GetString() != session.SessionId) throw new InvalidOperationException("session_id does not match user and start: " + json);
        if (Math.Abs(r.GetProperty("duration_seconds").GetDouble() - (end - start).TotalSeconds) > 0.0005) throw new InvalidOperationException("duration_seconds is not end - start: " + json);
        return session;
    }
}
