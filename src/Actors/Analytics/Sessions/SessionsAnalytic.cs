using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Streaming.Analytics.Keyed;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Sessions;

/// <summary>User sessions (spec §3.1): <c>user_events</c> → per-user session state → <c>user_session_analytics</c>.</summary>
public sealed class SessionsAnalytic(SessionOptions options) : Analytic<SessionEvent, UserSession>
{
    public override string Name => "sessions";

    public override string InputTopic => TopicNames.UserEvents;

    public override IReadOnlyList<string> OutputTopics => [TopicNames.UserSessionAnalytics];

    public override IReadOnlyList<KeyedFunction<SessionEvent, UserSession>> Functions { get; } = [new SessionFunction(options)];

    public override bool TryParse(InputRecord record, [MaybeNullWhen(false)] out SessionEvent input, out string problem) =>
        EventRecords.TryParse(EventKinds.User, record, ev => new SessionEvent(ev.EventId, ev.UserId, ev.Timestamp, ev.EventType, ev.PageUrl, ev.Metadata?.Device),
            out input, out problem);

    public override string EventIdOf(SessionEvent input) => input.EventId;

    public override DateTimeOffset TimeOf(SessionEvent input) => input.Time;

    public override ResultRecord Emit(UserSession output) =>
        new(TopicNames.UserSessionAnalytics, output.UserId, JsonSerializer.SerializeToUtf8Bytes(output, SessionsJsonContext.Default.UserSession), output.SessionId);

    public override ResultMetric? Metric { get; } = new("sessions_closed");
}
