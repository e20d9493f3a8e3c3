using Akka.Actor;
using Streaming.Actors.Sessions;

namespace Streaming.Actors.Entities;

/// <summary>One user's sessions: a thin shell around <see cref="SessionLogic"/> (the protocol is <see cref="CheckpointedEntity{TState, TInput, TOutput}"/>).</summary>
public sealed class UserSessionEntity : CheckpointedEntity<UserSessionState, SessionEvent, UserSession>
{
    private readonly SessionOptions _options;

    public UserSessionEntity(string userId, SessionOptions options, IActorRef store)
        : base("user-session-" + userId, UserSessionState.Empty(userId), store)
    {
        _options = options;
    }

    protected override bool Query(object message, IActorRef sender)
    {
        if (message is not GetUserSession query) return false;
        sender.Tell(new UserSessionView(query.UserId, SessionLogic.Preview(State, _options)));
        return true;
    }

    protected override EntityStep<UserSessionState, UserSession> Apply(UserSessionState state, SessionEvent input, DateTimeOffset watermark)
    {
        var result = SessionLogic.Apply(state, input, watermark, _options);
        return new EntityStep<UserSessionState, UserSession>(result.State, [], result.IsLate ? result.LateReason ?? "late" : null);
    }

    protected override EntityStep<UserSessionState, UserSession> Fire(UserSessionState state, DateTimeOffset watermark)
    {
        var result = SessionLogic.Close(state, watermark, _options);
        return new EntityStep<UserSessionState, UserSession>(result.State, result.Closed);
    }

    protected override DateTimeOffset? NextTimer(UserSessionState state) => SessionLogic.NextTimerTime(state, _options);

    public static Props Props(string userId, SessionOptions options, IActorRef store) =>
        EntityProps.Of(() => new UserSessionEntity(userId, options, store));
}
