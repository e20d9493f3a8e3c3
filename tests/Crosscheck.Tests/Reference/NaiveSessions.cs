using System.Collections.Immutable;
using System.Globalization;
using Streaming.Crosscheck.Engine;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Tests.Reference;

/// <summary>
/// SPEC §3.1 the slow, obvious way: replay each partition in offset order; an event is late when t + G ≤ watermark
/// or when it overlaps a session — recomputed from scratch from the accepted events — whose last + G ≤ watermark.
/// </summary>
public static class NaiveSessions
{
    public static (List<SessionRecord> Sessions, HashSet<string> Late) Run(Dataset data, DuckDbEngineOptions o)
    {
        var gap = (long)o.SessionGap.TotalMilliseconds;
        var bound = (long)o.OutOfOrderness.TotalMilliseconds;
        var accepted = new Dictionary<string, List<UserEv>>(StringComparer.Ordinal);
        var late = new HashSet<string>(StringComparer.Ordinal);
        foreach (var partition in data.Users.GroupBy(p => p.Partition))
        {
            long? max = null;
            foreach (var e in partition.OrderBy(p => p.Offset).Select(p => p.Event))
            {
                var wm = max - bound;
                var mine = accepted.TryGetValue(e.UserId, out var list) ? list : accepted[e.UserId] = [];
                var isLate = wm is { } w && (e.T + gap <= w || Sessionize(mine, gap).Any(s => e.T + gap > s[0].T && e.T < s[^1].T + gap && s[^1].T + gap <= w));
                if (isLate) late.Add(e.EventId);
                else mine.Add(e);
                max = max is { } m ? Math.Max(m, e.T) : e.T;
            }
        }

        var sessions = accepted.SelectMany(kv => Sessionize(kv.Value, gap).Select(s => Record(kv.Key, s, o))).ToList();
        return (sessions, late);
    }

    public static List<List<UserEv>> Sessionize(IEnumerable<UserEv> events, long gap)
    {
        var result = new List<List<UserEv>>();
        foreach (var e in events.OrderBy(e => e.T))
        {
            if (result.Count == 0 || e.T - result[^1][^1].T >= gap) result.Add([e]);
            else result[^1].Add(e);
        }
        return result;
    }

    private static SessionRecord Record(string user, List<UserEv> s, DuckDbEngineOptions o)
    {
        var start = s.Min(e => e.T);
        var end = s.Max(e => e.T);
        return new SessionRecord(
            user,
            string.Create(CultureInfo.InvariantCulture, $"{user}:{start}"),
            DateTimeOffset.FromUnixTimeMilliseconds(start),
            DateTimeOffset.FromUnixTimeMilliseconds(end),
            (end - start) / 1000.0,
            s.Count,
            s.Count(e => e.Type == "page_view"),
            s.Count(e => e.Type == "purchase"),
            s.GroupBy(e => e.Type).ToImmutableSortedDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal),
            s.Where(e => !string.IsNullOrEmpty(e.Page)).Select(e => e.Page).Distinct().Count(),
            [.. s.Where(e => !string.IsNullOrEmpty(e.Device)).Select(e => e.Device!).Distinct().Order(StringComparer.Ordinal)],
            o.SessionGap.TotalSeconds);
    }
}
