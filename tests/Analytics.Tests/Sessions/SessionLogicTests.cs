using Streaming.Analytics.Sessions;

namespace Streaming.Analytics.Tests.Sessions;

/// <summary>The SPEC §3.1 edges, with G = 5 min.</summary>
public sealed class SessionLogicTests
{
    private const string User = "u1";
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly SessionOptions Options = SessionOptions.Default;
    private static readonly TimeSpan G = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset NoWatermark = DateTimeOffset.MinValue;

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    private static SessionEvent Ev(double seconds, string type = "page_view", string? page = null, string? device = null, string user = User) =>
        new(Guid.NewGuid().ToString("N"), user, At(seconds), type, page, device);

    private static UserSessionState ApplyAll(UserSessionState state, DateTimeOffset watermark, params SessionEvent[] events)
    {
        foreach (var e in events)
        {
            var result = SessionLogic.Apply(state, e, watermark, Options);
            Assert.True(result.IsLate == false, result.LateReason);
            state = result.State;
        }

        return state;
    }

    private static UserSessionState Given(params SessionEvent[] events) => ApplyAll(UserSessionState.Empty(User), NoWatermark, events);

    private static List<UserSession> CloseAll(UserSessionState state) => [.. SessionLogic.Close(state, DateTimeOffset.MaxValue, Options).Outputs];

    [Fact]
    public void DefaultGapIsFiveMinutes()
    {
        Assert.Equal(G, SessionOptions.Default.SessionGap);
        Assert.Equal(TimeSpan.FromSeconds(30), new SessionOptions(TimeSpan.FromSeconds(30)).SessionGap);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionOptions(TimeSpan.Zero));
    }

    [Fact]
    public void OneEventIsOneSessionWithEveryField()
    {
        var session = Assert.Single(CloseAll(Given(Ev(0, "page_view", "/home", "ios"))));
        Assert.Equal(User, session.UserId);
        Assert.Equal($"u1:{T0.ToUnixTimeMilliseconds()}", session.SessionId);
        Assert.Equal(T0, session.SessionStart);
        Assert.Equal(T0, session.SessionEnd);
        Assert.Equal(0, session.DurationSeconds);
        Assert.Equal(1, session.EventCount);
        Assert.Equal(1, session.PageViews);
        Assert.Equal(0, session.Purchases);
        Assert.Equal([new KeyValuePair<string, int>("page_view", 1)], session.EventTypes);
        Assert.Equal(1, session.DistinctPages);
        Assert.Equal<string>(["ios"], session.Devices);
        Assert.Equal(300, session.GapSeconds);
    }

    [Fact]
    public void GapOfExactlyGStartsANewSession()
    {
        var sessions = CloseAll(Given(Ev(0), Ev(300)));
        Assert.Equal(2, sessions.Count);
        Assert.Equal([At(0), At(300)], sessions.Select(s => s.SessionStart));
    }

    [Fact]
    public void GapOfExactlyGStartsANewSessionAlsoWhenTheLaterEventArrivesFirst()
    {
        Assert.Equal(2, CloseAll(Given(Ev(300), Ev(0))).Count);
    }

    [Fact]
    public void GapJustBelowGJoins()
    {
        var session = Assert.Single(CloseAll(Given(Ev(0), Ev(299.999))));
        Assert.Equal(2, session.EventCount);
        Assert.Equal(299.999, session.DurationSeconds);
        Assert.Equal(At(299.999), session.SessionEnd);
    }

    [Fact]
    public void OutOfOrderEventWithinBoundJoins()
    {
        // Arrivals 10:00:00, 10:00:10, then 10:00:07 with the watermark at 10:00:05 (B = 5 s).
        var state = Given(Ev(0), Ev(10));
        var result = SessionLogic.Apply(state, Ev(7), At(5), Options);
        Assert.False(result.IsLate);
        var session = Assert.Single(CloseAll(result.State));
        Assert.Equal(3, session.EventCount);
        Assert.Equal(10, session.DurationSeconds);
    }

    [Fact]
    public void OutOfOrderEventBeforeTheStartMovesTheStartAndTheId()
    {
        var state = Given(Ev(10), Ev(20));
        var result = SessionLogic.Apply(state, Ev(8), At(15), Options);
        var session = Assert.Single(CloseAll(result.State));
        Assert.Equal(At(8), session.SessionStart);
        Assert.Equal($"u1:{At(8).ToUnixTimeMilliseconds()}", session.SessionId);
    }

    [Fact]
    public void AnEventBeforeAnOpenSessionButBeyondTheGapStartsItsOwnSession()
    {
        var state = Given(Ev(1000), Ev(0));
        Assert.Equal(2, state.Sessions.Length);
        Assert.Equal([At(0), At(1000)], state.Sessions.Select(s => s.Start));
    }

    [Fact]
    public void AnEventBridgingTwoOpenSessionsMergesThem()
    {
        var state = Given(Ev(0, "login", device: "web"), Ev(480, "purchase", "/checkout", "ios"));
        Assert.Equal(2, state.Sessions.Length);

        var result = SessionLogic.Apply(state, Ev(240, "page_view", "/p"), At(0), Options);
        Assert.False(result.IsLate);
        var merged = Assert.Single(result.State.Sessions);
        Assert.Equal(At(0), merged.Start);
        Assert.Equal(At(480), merged.LastEventTime);

        var session = Assert.Single(CloseAll(result.State));
        Assert.Equal(3, session.EventCount);
        Assert.Equal(480, session.DurationSeconds);
        Assert.Equal(1, session.Purchases);
        Assert.Equal(1, session.PageViews);
        Assert.Equal(["login", "page_view", "purchase"], session.EventTypes.Keys);
        Assert.Equal(2, session.DistinctPages);
        Assert.Equal<string>(["ios", "web"], session.Devices);
    }

    [Fact]
    public void AnEventTouchingButNotOverlappingLeavesSessionsApart()
    {
        // Sessions at 0 and 600; an event at 300 is exactly G after 0 and exactly G before 600.
        var state = Given(Ev(0), Ev(600), Ev(300));
        Assert.Equal(3, state.Sessions.Length);
    }

    [Fact]
    public void AnEventBridgingThreeSessionsMergesThemAll()
    {
        var state = Given(Ev(0), Ev(400), Ev(800));
        state = ApplyAll(state, NoWatermark, Ev(200), Ev(600));
        var session = Assert.Single(CloseAll(state));
        Assert.Equal(5, session.EventCount);
    }

    [Fact]
    public void EventWhoseWindowEndIsAtTheWatermarkIsLate()
    {
        var state = Given(Ev(1000));
        var e = Ev(0);
        var result = SessionLogic.Apply(state, e, At(0) + G, Options);
        Assert.True(result.IsLate);
        Assert.Same(state, result.State);
        Assert.Contains("watermark 2024-01-01T10:05:00.000Z", result.LateReason, StringComparison.Ordinal);
        Assert.Contains("event time 2024-01-01T10:00:00.000Z", result.LateReason, StringComparison.Ordinal);
    }

    [Fact]
    public void EventWhoseWindowEndIsJustAboveTheWatermarkIsAccepted()
    {
        var result = SessionLogic.Apply(UserSessionState.Empty(User), Ev(0), At(0) + G - TimeSpan.FromMilliseconds(1), Options);
        Assert.False(result.IsLate);
        Assert.Null(result.LateReason);
    }

    [Fact]
    public void SessionClosesExactlyWhenTheWatermarkReachesLastPlusG()
    {
        var state = Given(Ev(0), Ev(60));
        var before = SessionLogic.Close(state, At(60) + G - TimeSpan.FromMilliseconds(1), Options);
        Assert.Empty(before.Outputs);
        Assert.Same(state, before.State);

        var at = SessionLogic.Close(state, At(60) + G, Options);
        var session = Assert.Single(at.Outputs);
        Assert.Equal(2, session.EventCount);
        Assert.Empty(at.State.Sessions);
    }

    [Fact]
    public void ASessionIsEmittedOnce()
    {
        var closed = SessionLogic.Close(Given(Ev(0)), At(300), Options);
        Assert.Single(closed.Outputs);
        Assert.Empty(SessionLogic.Close(closed.State, At(300), Options).Outputs);
        Assert.Empty(SessionLogic.Close(closed.State, At(10_000), Options).Outputs);
    }

    [Fact]
    public void CloseEmitsOnlyTheDueSessionsInStartOrder()
    {
        var state = Given(Ev(1000), Ev(0), Ev(400), Ev(2000));
        var result = SessionLogic.Close(state, At(1300), Options);
        Assert.Equal([At(0), At(400), At(1000)], result.Outputs.Select(s => s.SessionStart));
        Assert.Equal([At(2000)], result.State.Sessions.Select(s => s.Start));
        Assert.Equal(At(1000), result.State.LastClosedEventTime);
    }

    [Fact]
    public void EventThatWouldJoinAnAlreadyClosedSessionIsLate()
    {
        // Session with last event at 0 closed at watermark 300; an event at 100 has 100 + G = 400 > 360 = watermark,
        // but it would join the emitted session.
        var closed = SessionLogic.Close(Given(Ev(0)), At(300), Options);
        var result = SessionLogic.Apply(closed.State, Ev(100), At(360), Options);
        Assert.True(result.IsLate);
        Assert.Contains("already closed", result.LateReason, StringComparison.Ordinal);
        Assert.Same(closed.State, result.State);
    }

    [Fact]
    public void EventThatWouldJoinADueButNotYetClosedSessionIsLate()
    {
        // Same as above, but Close has not run yet: the outcome must not depend on that.
        var state = Given(Ev(0));
        var result = SessionLogic.Apply(state, Ev(100), At(360), Options);
        Assert.True(result.IsLate);
        Assert.Contains("closed when the watermark reached 2024-01-01T10:05:00.000Z", result.LateReason, StringComparison.Ordinal);
    }

    [Fact]
    public void EventAtLeastGAfterAClosedSessionStartsANewOne()
    {
        var closed = SessionLogic.Close(Given(Ev(0)), At(300), Options);
        var result = SessionLogic.Apply(closed.State, Ev(300), At(300), Options);
        Assert.False(result.IsLate);
        Assert.Equal([At(300)], result.State.Sessions.Select(s => s.Start));
    }

    [Fact]
    public void TheClosedSessionHorizonIsForgottenAtLastPlusTwoG()
    {
        var closed = SessionLogic.Close(Given(Ev(0)), At(300), Options).State;
        Assert.False(closed.IsEmpty);
        Assert.Equal(At(600), SessionLogic.NextTimerTime(closed, Options));
        Assert.Null(SessionLogic.NextCloseTime(closed, Options));

        Assert.False(SessionLogic.Close(closed, At(599.999), Options).State.IsEmpty);
        var forgotten = SessionLogic.Close(closed, At(600), Options);
        Assert.True(forgotten.State.IsEmpty);
        Assert.Empty(forgotten.Outputs);
        Assert.Null(SessionLogic.NextTimerTime(forgotten.State, Options));

        // From then on the plain rule covers every event that would have joined the forgotten session.
        Assert.True(SessionLogic.Apply(forgotten.State, Ev(299.999), At(600), Options).IsLate);
    }

    [Fact]
    public void NextCloseTimeIsTheEarliestLastPlusG()
    {
        Assert.Null(SessionLogic.NextCloseTime(UserSessionState.Empty(User), Options));
        Assert.Null(SessionLogic.NextTimerTime(UserSessionState.Empty(User), Options));
        var state = Given(Ev(1000), Ev(1010), Ev(0), Ev(5));
        Assert.Equal(At(305), SessionLogic.NextCloseTime(state, Options));
        Assert.Equal(At(305), SessionLogic.NextTimerTime(state, Options));
    }

    [Fact]
    public void DevicesAreDistinctNonEmptyAndSortedOrdinally()
    {
        var state = Given(
            Ev(0, device: "ios"),
            Ev(1, device: "ios"),
            Ev(2, device: "iOS"),
            Ev(3, device: "android"),
            Ev(4, device: "Android"),
            Ev(5, device: null),
            Ev(6, device: ""));
        var session = Assert.Single(CloseAll(state));
        Assert.Equal<string>(["Android", "android", "iOS", "ios"], session.Devices);
    }

    [Fact]
    public void DistinctPagesCountsDistinctNonEmptyUrls()
    {
        var state = Given(
            Ev(0, page: "/a"),
            Ev(1, page: "/a"),
            Ev(2, page: "/A"),
            Ev(3, page: "/a?x=1"),
            Ev(4, page: null),
            Ev(5, page: ""));
        Assert.Equal(3, Assert.Single(CloseAll(state)).DistinctPages);
    }

    [Fact]
    public void EventTypesAreCountedAndSortedByKey()
    {
        var state = Given(Ev(0, "search"), Ev(1, "purchase"), Ev(2, "page_view"), Ev(3, "purchase"), Ev(4, "add_to_cart"), Ev(5, "Zoom"));
        var session = Assert.Single(CloseAll(state));
        Assert.Equal(["Zoom", "add_to_cart", "page_view", "purchase", "search"], session.EventTypes.Keys);
        Assert.Equal(2, session.EventTypes["purchase"]);
        Assert.Equal(2, session.Purchases);
        Assert.Equal(1, session.PageViews);
        Assert.Equal(6, session.EventCount);
    }

    [Fact]
    public void SessionWithoutPageViewsOrPurchasesCountsZero()
    {
        var session = Assert.Single(CloseAll(Given(Ev(0, "login"))));
        Assert.Equal(0, session.PageViews);
        Assert.Equal(0, session.Purchases);
        Assert.Equal(0, session.DistinctPages);
        Assert.Empty(session.Devices);
    }

    [Fact]
    public void EventTimesAreTakenAtMillisecondPrecision()
    {
        var e = Ev(0) with { Time = T0.AddTicks(9_999) };
        var session = Assert.Single(CloseAll(Given(e)));
        Assert.Equal(T0, session.SessionStart);
        Assert.Equal(0, session.DurationSeconds);

        // A gap of G plus 0.9 ms of ticks is still exactly G at millisecond precision.
        var state = Given(Ev(0), Ev(300) with { Time = At(300).AddTicks(9_000) });
        Assert.Equal(2, state.Sessions.Length);
    }

    [Fact]
    public void TimesWithOffsetsAreNormalisedToUtc()
    {
        var seoul = new DateTimeOffset(2024, 1, 1, 19, 0, 0, TimeSpan.FromHours(9));
        var session = Assert.Single(CloseAll(Given(Ev(0) with { Time = seoul })));
        Assert.Equal(TimeSpan.Zero, session.SessionStart.Offset);
        Assert.Equal(T0, session.SessionStart);
    }

    [Fact]
    public void DurationIsFractionalSeconds()
    {
        Assert.Equal(1.5, Assert.Single(CloseAll(Given(Ev(0), Ev(1.5)))).DurationSeconds);
    }

    [Fact]
    public void GapSecondsReflectsTheConfiguredGap()
    {
        var options = new SessionOptions(TimeSpan.FromSeconds(90.5));
        var state = SessionLogic.Apply(UserSessionState.Empty(User), Ev(0), NoWatermark, options).State;
        Assert.Equal(90.5, Assert.Single(SessionLogic.Close(state, DateTimeOffset.MaxValue, options).Outputs).GapSeconds);
    }

    [Fact]
    public void AnEventOfAnotherUserIsRejected()
    {
        Assert.Throws<ArgumentException>(() => SessionLogic.Apply(UserSessionState.Empty(User), Ev(0, user: "u2"), NoWatermark, Options));
    }

    [Fact]
    public void PreviewShowsOpenSessionsWithoutClosingThem()
    {
        var state = Given(Ev(0), Ev(1000));
        var preview = SessionLogic.Preview(state, Options);
        Assert.Equal([At(0), At(1000)], preview.Select(s => s.SessionStart));
        Assert.Equal(2, state.Sessions.Length);
    }

    [Fact]
    public void StateRejectsOverlappingOrUnorderedSessions()
    {
        var a = Given(Ev(0)).Sessions[0];
        var b = Given(Ev(100)).Sessions[0];
        Assert.Throws<ArgumentException>(() => new UserSessionState(User, [b, a], null));
        Assert.Throws<ArgumentException>(() => new UserSessionState(User, [a], At(0)));
        Assert.Equal(2, new UserSessionState(User, [a, b], null).Sessions.Length);
    }

    [Fact]
    public void StatesAndSessionsCompareByContent()
    {
        Assert.Equal(Given(Ev(0, page: "/a", device: "x"), Ev(1, "purchase")), Given(Ev(1, "purchase"), Ev(0, page: "/a", device: "x")));
        Assert.NotEqual(Given(Ev(0, page: "/a")), Given(Ev(0, page: "/b")));
    }

    [Fact]
    public void ApplyingDoesNotChangeTheInputState()
    {
        var state = Given(Ev(0));
        var copy = Given(Ev(0));
        _ = SessionLogic.Apply(state, Ev(10, "purchase"), NoWatermark, Options);
        Assert.Equal(copy, state);
    }
}
