using Streaming.Analytics.Keyed;
using System.Text.Json.Serialization;

namespace Streaming.Analytics.Sessions;

/// <summary>
/// Source-generated JSON for the session types: snake_case names, UTC times with milliseconds
/// (<see cref="UtcMillisecondsJsonConverter"/>), compact output. <see cref="UserSession"/> is the
/// <c>user_session_analytics</c> record; <see cref="UserSessionState"/> is the checkpointable state.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcMillisecondsJsonConverter)])]
[JsonSerializable(typeof(UserSession))]
[JsonSerializable(typeof(UserSessionState))]
[JsonSerializable(typeof(SessionEvent))]
public sealed partial class SessionsJsonContext : JsonSerializerContext;
