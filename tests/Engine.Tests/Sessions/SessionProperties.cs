using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Analytics.Sessions;
using Streaming.Analytics.Tests.Sessions;
using Streaming.Engine.Tests.Support;

namespace Streaming.Engine.Tests.Sessions;

/// <summary>User sessions through the engine's real partition processor, against the naive batch reference.</summary>
public sealed class SessionProperties
{
    [Property(MaxTest = 300)]
    public Property BoundedDisorderEmitsExactlyTheBatchSessions() =>
        Prop.ForAll(SessionScenarios.BoundedDisorder.ToArbitrary(), delivered =>
        {
            var run = SessionRun.Run(delivered);
            Assert.Empty(run.Late);
            Assert.Equal(NaiveSessionizer.Sessionize(delivered, SessionScenarios.Gap), NaiveSessionizer.Ordered(run.Emitted));
        });

    [Property(MaxTest = 300)]
    public Property StatesRoundTrippedThroughTheBackendEmitTheSameSessions() =>
        Prop.ForAll(SessionScenarios.BoundedDisorder.ToArbitrary(), delivered =>
        {
            var run = SessionRun.Run(delivered, Plans.RoundTrip);
            Assert.Empty(run.Late);
            Assert.Equal(NaiveSessionizer.Sessionize(delivered, SessionScenarios.Gap), NaiveSessionizer.Ordered(run.Emitted));
        });

    [Property(MaxTest = 300)]
    public Property ArbitraryDisorderEmitsTheBatchSessionsOfTheNonLateEvents() =>
        Prop.ForAll(SessionScenarios.ArbitraryDisorder.ToArbitrary(), delivered =>
        {
            var expectedLate = NaiveLate(delivered);
            var accepted = delivered.Where(e => !expectedLate.Contains(e.EventId)).ToList();

            var run = SessionRun.Run(delivered);
            Assert.Equal(expectedLate.Order(StringComparer.Ordinal), run.Late.Select(l => l.Event.EventId).Order(StringComparer.Ordinal));
            Assert.Equal(NaiveSessionizer.Sessionize(accepted, SessionScenarios.Gap), NaiveSessionizer.Ordered(run.Emitted));

            var timerRun = SessionRun.Run(delivered, Plans.RoundTrip);
            Assert.Equal(NaiveSessionizer.Ordered(run.Emitted), NaiveSessionizer.Ordered(timerRun.Emitted));
            Assert.Equal(run.Late.Select(l => l.Event.EventId), timerRun.Late.Select(l => l.Event.EventId));
        });

    [Property(MaxTest = 300)]
    public Property EveryEventIsInExactlyOneEmittedSessionOrLate() =>
        Prop.ForAll(SessionScenarios.ArbitraryDisorder.ToArbitrary(), delivered =>
        {
            var run = SessionRun.Run(delivered, Plans.Batched);
            var lateIds = run.Late.Select(l => l.Event.EventId).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(run.Late.Count, lateIds.Count);
            Assert.Equal(delivered.Count, run.Emitted.Sum(s => s.EventCount) + lateIds.Count);
            Assert.Equal(run.Emitted.Count, run.Emitted.Select(s => s.SessionId).Distinct(StringComparer.Ordinal).Count());
            foreach (var e in delivered.Where(e => !lateIds.Contains(e.EventId)))
            {
                Assert.Single(run.Emitted, s => s.UserId == e.UserId && s.SessionStart <= e.Time && e.Time <= s.SessionEnd);
            }

            foreach (var (e, reason) in run.Late)
            {
                Assert.Contains("watermark", reason, StringComparison.Ordinal);
            }
        });

    [Property(MaxTest = 200)]
    public Property ReplayInAnotherBoundedOrderProducesIdenticalBytes() =>
        Prop.ForAll(SessionScenarios.BoundedDisorder.ToArbitrary(), delivered =>
        {
            var first = Bytes(SessionRun.Run(delivered).Emitted);
            var reordered = delivered.OrderBy(e => e.Time).ToList();
            var second = Bytes(SessionRun.Run(reordered, Plans.Batched).Emitted);
            Assert.Equal(first, second);
        });

    [Property(MaxTest = 150)]
    public Property CrashesAndReplaysEmitTheSameSessionsWithTheSameBytes() =>
        Prop.ForAll(SessionScenarios.ArbitraryDisorder.ToArbitrary(), delivered =>
        {
            var run = SessionRun.Run(delivered);
            var crashed = SessionRun.Run(delivered, Plans.Crashing);
            Assert.Equal(Bytes(run.Emitted), Bytes(crashed.Emitted));
            Assert.Equal(run.Late.Select(l => l.Event.EventId).Order(StringComparer.Ordinal), crashed.Late.Select(l => l.Event.EventId).Order(StringComparer.Ordinal));
        });

    /// <summary>
    /// Naive lateness: the watermark at arrival is (max event time so far) − B; an event is late when t + G ≤
    /// watermark, or when it would join (windows overlap) a reference session of the already accepted events
    /// that has already reached its close point (last + G ≤ watermark).
    /// </summary>
    private static HashSet<string> NaiveLate(List<SessionEvent> delivered)
    {
        var late = new HashSet<string>(StringComparer.Ordinal);
        var accepted = new List<SessionEvent>();
        DateTimeOffset? max = null;
        var gap = SessionScenarios.Gap;
        foreach (var e in delivered)
        {
            var wm = max is { } m ? m - SessionScenarios.Bound : DateTimeOffset.MinValue;
            var isLate = e.Time + gap <= wm
                || NaiveSessionizer.Intervals(accepted.Where(a => a.UserId == e.UserId), gap)
                    .Any(r => r.Last + gap <= wm && r.Start < e.Time + gap && e.Time < r.Last + gap);
            if (isLate)
            {
                late.Add(e.EventId);
            }
            else
            {
                accepted.Add(e);
            }

            max = max is { } mm && mm > e.Time ? mm : e.Time;
        }

        return late;
    }

    private static byte[] Bytes(IEnumerable<UserSession> sessions) =>
        [.. NaiveSessionizer.Ordered(sessions).SelectMany(s => JsonSerializer.SerializeToUtf8Bytes(s, SessionsJsonContext.Default.UserSession))];
}
