using System.Text.Json;
using Streaming.Analytics.Sessions;
using Streaming.Analytics.Tests.Sessions;
using Streaming.Engine.Processing;
using Streaming.Engine.Tests.Support;
using Streaming.Streams.Contracts;

namespace Streaming.Engine.Tests.Sessions;

/// <summary>User sessions through the engine's real partition processor (see <see cref="ProcessorHarness"/>), read back from what it published.</summary>
internal static class SessionRun
{
    public sealed record Result(List<UserSession> Emitted, List<(SessionEvent Event, string Reason)> Late, RunResult Raw);

    public static Result Run(IReadOnlyList<SessionEvent> delivered, RunPlan? plan = null)
    {
        var analytic = new SessionsAnalytic(new SessionOptions(SessionScenarios.Gap));
        var raw = ProcessorHarness.Run(analytic, [.. delivered.Select(InputJson.Of)], plan,
            new EventTimeOptions { OutOfOrderness = SessionScenarios.Bound, IdleAfter = TimeSpan.FromMinutes(1) });
        Assert.True(!raw.On(TopicNames.DeadLetters).Any(), string.Join("\n", raw.On(TopicNames.DeadLetters).Select(r => System.Text.Encoding.UTF8.GetString(r.Value))));
        var byId = delivered.ToDictionary(e => e.EventId, StringComparer.Ordinal);
        return new Result(
            [.. raw.Distinct(TopicNames.UserSessionAnalytics).Select(r => JsonSerializer.Deserialize(r.Value, SessionsJsonContext.Default.UserSession)!)],
            [.. raw.On(TopicNames.LateEvents).Select(LateRecord.From).DistinctBy(l => l.EventId).Select(l => (byId[l.EventId], l.Reason))],
            raw);
    }
}
