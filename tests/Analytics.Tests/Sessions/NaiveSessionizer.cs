using System.Collections.Immutable;
using System.Globalization;
using Streaming.Analytics.Sessions;

namespace Streaming.Analytics.Tests.Sessions;

/// <summary>
/// The batch reference of SPEC §3.1, written independently of <see cref="SessionLogic"/>: sort each user's
/// events by time, cut where the gap to the previous event is ≥ G, aggregate each run.
/// </summary>
internal static class NaiveSessionizer
{
    public static List<UserSession> Sessionize(IEnumerable<SessionEvent> events, TimeSpan gap)
    {
        var result = new List<UserSession>();
        foreach (var user in events.GroupBy(e => e.UserId, StringComparer.Ordinal))
        {
            var sorted = user.OrderBy(e => e.Time).ToList();
            var run = new List<SessionEvent>();
            foreach (var e in sorted)
            {
                if (run.Count > 0 && e.Time - run[^1].Time >= gap)
                {
                    result.Add(Aggregate(run, gap));
                    run = [];
                }

                run.Add(e);
            }

            if (run.Count > 0)
            {
                result.Add(Aggregate(run, gap));
            }
        }

        return Ordered(result);
    }

    /// <summary>Reference sessions of <paramref name="events"/> as (user, start, last) intervals only.</summary>
    public static List<(string User, DateTimeOffset Start, DateTimeOffset Last)> Intervals(IEnumerable<SessionEvent> events, TimeSpan gap) =>
        [.. Sessionize(events, gap).Select(s => (s.UserId, s.SessionStart, s.SessionEnd))];

    public static List<UserSession> Ordered(IEnumerable<UserSession> sessions) =>
        [.. sessions.OrderBy(s => s.UserId, StringComparer.Ordinal).ThenBy(s => s.SessionStart)];

    private static UserSession Aggregate(List<SessionEvent> run, TimeSpan gap)
    {
        var user = run[0].UserId;
        var start = run.Min(e => e.Time);
        var end = run.Max(e => e.Time);
        var types = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in run)
        {
            types[e.EventType] = types.TryGetValue(e.EventType, out var n) ? n + 1 : 1;
        }

        return new UserSession(
            user,
            user + ":" + start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            start,
            end,
            (end - start).TotalSeconds,
            run.Count,
            run.Count(e => e.EventType == "page_view"),
            run.Count(e => e.EventType == "purchase"),
            types.ToImmutableSortedDictionary(StringComparer.Ordinal),
            run.Where(e => !string.IsNullOrEmpty(e.PageUrl)).Select(e => e.PageUrl).Distinct(StringComparer.Ordinal).Count(),
            [.. run.Select(e => e.Device).Where(d => !string.IsNullOrEmpty(d)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)!],
            gap.TotalSeconds);
    }
}
