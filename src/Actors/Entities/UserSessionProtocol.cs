using System.Collections.Immutable;
using Streaming.Actors.Sessions;

namespace Streaming.Actors.Entities;

/// <summary>A query for one user's session entity (routed by <see cref="UserId"/>).</summary>
public interface IUserSessionMessage
{
    string UserId { get; }
}

/// <summary>Live query: the user's open sessions (<paramref name="PartitionId"/>: the user's <c>user_events</c> partition, e.g. <c>user_events-3</c>).</summary>
public sealed record GetUserSession(string UserId, string? PartitionId = null) : IUserSessionMessage, IPartitionScoped;

public sealed record UserSessionView(string UserId, ImmutableArray<UserSession> Open);
