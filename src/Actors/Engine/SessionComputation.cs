using System.Diagnostics.CodeAnalysis;
using Akka.Actor;
using Streaming.Actors.Sessions;
using Streaming.Streams.Contracts;
using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>User sessions (SPEC §3.1): <c>user_events</c> → per-user session entities → <c>user_session_analytics</c>.</summary>
public sealed class SessionComputation(IActorRef users, EngineMetrics metrics) : IKeyedComputation<SessionEvent, UserSession>
{
    public string Topic => TopicNames.UserEvents;

    public IReadOnlyList<EntityTarget<SessionEvent>> Targets { get; } = [new("user", users, e => e.UserId)];

    public bool TryParse(CommittableMessage message, [MaybeNullWhen(false)] out SessionEvent input, out string problem) =>
        InputRecords.TryParse(EventKinds.User, message, ev => new SessionEvent(ev.EventId, ev.UserId, ev.Timestamp, ev.EventType, ev.PageUrl, ev.Metadata?.Device), out input, out problem);

    public string EventIdOf(SessionEvent input) => input.EventId;

    public DateTimeOffset TimeOf(SessionEvent input) => input.Time;

    public void Emit(UserSession output, PartitionOutputs outputs)
    {
        outputs.Session(output);
        metrics.SessionsClosed(1);
    }

    public Task PublishedAsync(int partition, IReadOnlyList<UserSession> results, DateTimeOffset watermark, bool active) => Task.CompletedTask;
}
