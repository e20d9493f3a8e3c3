using System.Text.Json;
using Streaming.Actors.Sessions;
using Streaming.Streams.EventTime;

namespace Streaming.Actors.Tests.Sessions;

/// <summary>
/// Drives <see cref="SessionLogic"/> like a partition stage would: one shared partition watermark
/// (max event time − B, constant wall clock so it never idles), per-user states, closes after each event
/// (either for every user, or only for users whose event-time timer is due), and a final close at +∞.
/// </summary>
internal static class SessionRun
{
    public sealed record Result(List<UserSession> Emitted, List<(SessionEvent Event, string Reason)> Late);

    public static Result Run(IEnumerable<SessionEvent> delivered, bool useTimers = false, bool roundTripState = false)
    {
        var options = new SessionOptions(SessionScenarios.Gap);
        var wall = SessionScenarios.T0;
        var watermark = PartitionWatermark.Start(wall, new WatermarkOptions(SessionScenarios.Bound, TimeSpan.FromMinutes(1)));
        var states = new Dictionary<string, UserSessionState>(StringComparer.Ordinal);
        var timers = new TimerService<string>();
        var registered = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var emitted = new List<UserSession>();
        var late = new List<(SessionEvent, string)>();

        void Store(string user, UserSessionState state)
        {
            if (roundTripState)
            {
                var json = JsonSerializer.SerializeToUtf8Bytes(state, SessionsJsonContext.Default.UserSessionState);
                var back = JsonSerializer.Deserialize(json, SessionsJsonContext.Default.UserSessionState)!;
                Assert.Equal(state, back);
                state = back;
            }

            states[user] = state;
            if (registered.Remove(user, out var old))
            {
                timers.Delete(user, old);
            }

            if (SessionLogic.NextTimerTime(state, options) is { } next)
            {
                timers.Register(user, next);
                registered[user] = next;
            }
        }

        void CloseUser(string user, DateTimeOffset wm)
        {
            var closed = SessionLogic.Close(states[user], wm, options);
            emitted.AddRange(closed.Closed);
            Store(user, closed.State);
        }

        foreach (var e in delivered)
        {
            var wm = watermark.Current(wall);
            var applied = SessionLogic.Apply(states.GetValueOrDefault(e.UserId) ?? UserSessionState.Empty(e.UserId), e, wm, options);
            if (applied.IsLate)
            {
                Assert.NotNull(applied.LateReason);
                late.Add((e, applied.LateReason!));
            }
            else
            {
                Assert.Null(applied.LateReason);
                Store(e.UserId, applied.State);
            }

            watermark = watermark.Observe(e.Time, wall);
            var after = watermark.Current(wall);
            if (useTimers)
            {
                foreach (var timer in timers.PopDue(after))
                {
                    registered.Remove(timer.Key);
                    CloseUser(timer.Key, after);
                }
            }
            else
            {
                foreach (var user in states.Keys.ToList())
                {
                    CloseUser(user, after);
                }
            }
        }

        foreach (var user in states.Keys.ToList())
        {
            CloseUser(user, DateTimeOffset.MaxValue);
            Assert.True(states[user].IsEmpty);
        }

        Assert.Equal(0, timers.Count);
        return new Result(emitted, late);
    }
}
