using System.Collections.Immutable;

namespace Streaming.Actors.Sessions;

/// <summary>The outcome of <see cref="SessionLogic.Close"/>.</summary>
/// <param name="State">The new state, without the closed sessions.</param>
/// <param name="Closed">The sessions that closed, as output records, in start order.</param>
public sealed record SessionCloseResult(UserSessionState State, ImmutableArray<UserSession> Closed);
