using System.Collections.Immutable;
using System.Globalization;
using Streaming.Analytics.Keyed;
using Streaming.Streams.EventTime;

namespace Streaming.Analytics.Sessions;

/// <summary>
/// User sessionization (SPEC §3.1) as pure functions: Flink session-window semantics with the spec's
/// boundaries.
/// </summary>
/// <remarks>
/// <para>Each event at time t is a window <c>[t, t + G)</c>; windows that overlap merge (so a gap of exactly G
/// starts a new session, a gap just below G joins, and an out-of-order event can bridge two sessions).
/// Event times are taken at millisecond precision (truncated), like Flink's <c>TIMESTAMP(3)</c>.</para>
/// <para>A session closes when the watermark reaches <c>last_event_time + G</c> (<see cref="Close"/>); it is
/// emitted once and removed.</para>
/// <para>An event is late, and changes nothing, when (1) <c>t + G ≤ watermark</c>, or (2) it would join a
/// session whose close point <c>last + G</c> the watermark has already reached — whether that session was
/// already emitted or is merely due. Case (2) needs <c>t + G &gt; watermark</c> and can only happen with
/// disorder beyond B; treating it as late keeps every emitted session equal to the batch sessionization of
/// the accepted events and keeps a session from being emitted twice (Flink would instead start a second,
/// overlapping session). It also makes the outcome independent of whether <see cref="Close"/> ran before
/// <see cref="Apply"/> at the same watermark.</para>
/// <para>Everything emitted is a deterministic function of the events in the session and G.</para>
/// </remarks>
public static class SessionLogic
{
    /// <summary>Event type counted as a page view.</summary>
    public const string PageViewType = "page_view";

    /// <summary>Event type counted as a purchase.</summary>
    public const string PurchaseType = "purchase";

    /// <summary>
    /// Applies one event at the current <paramref name="watermark"/> (the partition's watermark at the event's
    /// arrival). A late event leaves the state unchanged and comes back with the reason.
    /// </summary>
    /// <exception cref="ArgumentException">The event belongs to another user or lacks an event type.</exception>
    public static KeyedStep<UserSessionState, UserSession> Apply(UserSessionState state, SessionEvent e, DateTimeOffset watermark, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(e.EventType, nameof(e));
        if (!string.Equals(e.UserId, state.UserId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Event {e.EventId} is for user '{e.UserId}', not '{state.UserId}'.", nameof(e));
        }

        var gap = options.SessionGap;
        var t = TimeArithmetic.TruncateToMilliseconds(e.Time);
        var windowEnd = TimeArithmetic.SaturatingAdd(t, gap);
        if (windowEnd <= watermark)
        {
            return Late(state, Invariant(
                $"session window closed: event time {Iso(t)} + gap {gap.TotalSeconds}s = {Iso(windowEnd)} is at or before the watermark {Iso(watermark)}"));
        }

        if (state.LastClosedEventTime is { } closedLast && t < TimeArithmetic.SaturatingAdd(closedLast, gap))
        {
            return Late(state, Invariant(
                $"session already closed: event time {Iso(t)} is within the gap {gap.TotalSeconds}s of the user's last closed session (last event {Iso(closedLast)}), which was emitted when the watermark reached {Iso(TimeArithmetic.SaturatingAdd(closedLast, gap))}"));
        }

        var sessions = state.Sessions;
        var first = -1;
        var last = -1;
        for (var i = 0; i < sessions.Length; i++)
        {
            var s = sessions[i];
            var overlaps = s.Start < windowEnd && t < s.CloseTime(gap);
            if (!overlaps)
            {
                if (first >= 0)
                {
                    break; // disjoint and ordered: overlapping sessions are contiguous
                }

                continue;
            }

            if (s.CloseTime(gap) <= watermark)
            {
                return Late(state, Invariant(
                    $"session already closed: event time {Iso(t)} would join the session started at {Iso(s.Start)} (last event {Iso(s.LastEventTime)}), which closed when the watermark reached {Iso(s.CloseTime(gap))}; watermark {Iso(watermark)}"));
            }

            if (first < 0)
            {
                first = i;
            }

            last = i;
        }

        if (first >= 0 && first == last)
        {
            return Accepted(new UserSessionState(state.UserId, sessions.SetItem(first, sessions[first].With(e, t)), state.LastClosedEventTime));
        }

        var merged = OpenSession.Of(e, t);
        int insertAt;
        if (first >= 0)
        {
            for (var i = first; i <= last; i++)
            {
                merged = sessions[i].Merge(merged);
            }

            sessions = sessions.RemoveRange(first, last - first + 1);
            insertAt = first;
        }
        else
        {
            insertAt = 0;
            while (insertAt < sessions.Length && sessions[insertAt].Start < t)
            {
                insertAt++;
            }
        }

        return Accepted(new UserSessionState(state.UserId, sessions.Insert(insertAt, merged), state.LastClosedEventTime));
    }

    /// <summary>
    /// Closes every session whose <c>last_event_time + G ≤ watermark</c> and returns them as output records
    /// (in start order); they leave the state, so each is emitted once.
    /// </summary>
    public static KeyedStep<UserSessionState, UserSession> Close(UserSessionState state, DateTimeOffset watermark, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        var gap = options.SessionGap;
        var closed = ImmutableArray.CreateBuilder<UserSession>();
        var open = ImmutableArray.CreateBuilder<OpenSession>();
        var closedLast = state.LastClosedEventTime;
        foreach (var s in state.Sessions)
        {
            if (s.CloseTime(gap) <= watermark)
            {
                closed.Add(ToUserSession(state.UserId, s, options));
                closedLast = closedLast is { } c ? TimeArithmetic.Max(c, s.LastEventTime) : s.LastEventTime;
            }
            else
            {
                open.Add(s);
            }
        }

        if (closedLast is { } horizon && ForgetTime(horizon, gap) <= watermark)
        {
            closedLast = null;
        }

        if (closed.Count == 0 && closedLast == state.LastClosedEventTime)
        {
            return new KeyedStep<UserSessionState, UserSession>(state, []);
        }

        return new KeyedStep<UserSessionState, UserSession>(new UserSessionState(state.UserId, open.ToImmutable(), closedLast), closed.ToImmutable());
    }

    /// <summary>
    /// The earliest watermark at which an open session closes (<c>last_event_time + G</c>), or null when
    /// none is open: the event-time timer to register.
    /// </summary>
    public static DateTimeOffset? NextCloseTime(UserSessionState state, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        return state.Sessions.IsEmpty ? null : state.Sessions.Min(s => s.CloseTime(options.SessionGap));
    }

    /// <summary>
    /// The earliest watermark at which <see cref="Close"/> changes the state: a session closes or the
    /// closed-session horizon is forgotten (after which an otherwise empty state <see cref="UserSessionState.IsEmpty"/>).
    /// Null when the state is empty.
    /// </summary>
    public static DateTimeOffset? NextTimerTime(UserSessionState state, SessionOptions options)
    {
        var close = NextCloseTime(state, options);
        if (state.LastClosedEventTime is not { } horizon)
        {
            return close;
        }

        var forget = ForgetTime(horizon, options.SessionGap);
        return close is { } c ? TimeArithmetic.Min(c, forget) : forget;
    }

    /// <summary>The user's open sessions as they would be emitted now (for live queries), in start order.</summary>
    public static ImmutableArray<UserSession> Preview(UserSessionState state, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        return [.. state.Sessions.Select(s => ToUserSession(state.UserId, s, options))];
    }

    /// <summary>The output record of one session of <paramref name="userId"/>.</summary>
    public static UserSession ToUserSession(string userId, OpenSession session, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        var startMs = session.Start.ToUnixTimeMilliseconds();
        var endMs = session.LastEventTime.ToUnixTimeMilliseconds();
        var types = session.EventTypes.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new UserSession(
            UserId: userId,
            SessionId: string.Create(CultureInfo.InvariantCulture, $"{userId}:{startMs}"),
            SessionStart: TimeArithmetic.TruncateToMilliseconds(session.Start),
            SessionEnd: TimeArithmetic.TruncateToMilliseconds(session.LastEventTime),
            DurationSeconds: (endMs - startMs) / 1000.0,
            EventCount: session.EventCount,
            PageViews: types.GetValueOrDefault(PageViewType),
            Purchases: types.GetValueOrDefault(PurchaseType),
            EventTypes: types,
            DistinctPages: session.Pages.Count,
            Devices: [.. session.Devices.Order(StringComparer.Ordinal)],
            GapSeconds: options.SessionGap.TotalSeconds);
    }

    private static KeyedStep<UserSessionState, UserSession> Accepted(UserSessionState state) => new KeyedStep<UserSessionState, UserSession>(state, []);

    private static KeyedStep<UserSessionState, UserSession> Late(UserSessionState state, string reason) => new(state, [], reason);

    private static DateTimeOffset ForgetTime(DateTimeOffset closedLast, TimeSpan gap) =>
        TimeArithmetic.SaturatingAdd(TimeArithmetic.SaturatingAdd(closedLast, gap), gap);

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
