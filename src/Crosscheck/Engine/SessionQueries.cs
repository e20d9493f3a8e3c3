using System.Collections.Immutable;
using System.Globalization;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Engine;

/// <summary>Runs the session SQL (SPEC §3.1) and builds the records.</summary>
internal static class SessionQueries
{
    public static (List<SessionRecord> Sessions, List<LateEvent> Late) Run(EngineSession db, DuckDbEngineOptions options, string topic)
    {
        db.Execute("sessions.sql");
        var gapSeconds = options.SessionGap.TotalSeconds;
        var sessions = db.Query("sessions-records.sql", r =>
        {
            var user = DbValues.String(r, "user_id");
            var start = DbValues.Long(r, "session_start");
            var end = DbValues.Long(r, "session_end");
            var types = DbValues.Map(r, "event_types").ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            return new SessionRecord(
                user,
                string.Create(CultureInfo.InvariantCulture, $"{user}:{start}"),
                ResultTime.FromMilliseconds(start),
                ResultTime.FromMilliseconds(end),
                (end - start) / 1000.0,
                DbValues.Long(r, "event_count"),
                DbValues.Long(r, "page_views"),
                DbValues.Long(r, "purchases"),
                types,
                DbValues.Long(r, "distinct_pages"),
                [.. DbValues.List(r, "devices").Cast<string>().Order(StringComparer.Ordinal)],
                gapSeconds);
        });
        var late = db.Query("sessions-late.sql", r =>
        {
            var t = DbValues.Long(r, "t");
            var wm = DbValues.Long(r, "wm");
            var reason = DbValues.String(r, "reason") == "window"
                ? Invariant($"session window closed: event time {Iso(t)} + gap {gapSeconds}s is at or before the watermark {Iso(wm)}")
                : Invariant($"session already closed: event time {Iso(t)} would join the session whose last event at {Iso(DbValues.Long(r, "horizon"))} closed at the watermark {Iso(wm)}");
            return new LateEvent(topic, r.GetInt32(r.GetOrdinal("part")), DbValues.Long(r, "off"), DbValues.String(r, "event_id"),
                ResultTime.FromMilliseconds(t), ResultTime.FromMilliseconds(wm), reason);
        });
        return (sessions, late);
    }

    private static string Iso(long ms) => ResultTime.Format(ResultTime.FromMilliseconds(ms));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
