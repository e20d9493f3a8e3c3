using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Streaming.Analytics.Keyed;

namespace Streaming.Analytics.Sessions;

/// <summary>A user's sessions as keyed state: <see cref="SessionLogic"/> behind the keyed-function contract.</summary>
public sealed class SessionFunction(SessionOptions options) : KeyedFunction<SessionEvent, UserSessionState, UserSession>
{
    public const string KindName = "user-session";

    public override string Kind => KindName;

    public override string KeyOf(SessionEvent input) => input.UserId;

    public override UserSessionState Empty(string key) => UserSessionState.Empty(key);

    public override KeyedStep<UserSessionState, UserSession> Apply(UserSessionState state, SessionEvent input, DateTimeOffset watermark, DateTimeOffset now) =>
        SessionLogic.Apply(state, input, watermark, options);

    public override KeyedStep<UserSessionState, UserSession> Fire(UserSessionState state, DateTimeOffset watermark, DateTimeOffset now) =>
        SessionLogic.Close(state, watermark, options);

    public override DateTimeOffset? NextTimer(UserSessionState state) => SessionLogic.NextTimerTime(state, options);

    public override bool IsEmpty(UserSessionState state) => state.IsEmpty;

    protected override JsonTypeInfo<UserSessionState> StateJson => SessionsJsonContext.Default.UserSessionState;

    public override IReadOnlyList<KeyedQuery<UserSessionState>> Queries { get; } =
    [
        new("users", "session", "The user's open session(s) as they would be emitted now; 404 when none is open.", (state, _) =>
            state.Sessions.IsEmpty
                ? null
                : JsonSerializer.SerializeToUtf8Bytes(SessionLogic.ToUserSession(state.UserId, state.Sessions[^1], options), SessionsJsonContext.Default.UserSession)),
    ];
}
