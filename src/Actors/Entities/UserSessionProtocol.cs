using System.Collections.Immutable;
using Streaming.Actors.Sessions;

namespace Streaming.Actors.Entities;

/// <summary>A message for one user's session entity (routed by <see cref="UserId"/>).</summary>
public interface IUserSessionMessage
{
    string UserId { get; }
}

/// <summary>One consumed event and the partition watermark at its arrival.</summary>
public sealed record SessionInput(long Offset, SessionEvent Event, DateTimeOffset Watermark);

/// <summary>
/// Apply events of one partition in offset order. <paramref name="Epoch"/> identifies the partition
/// processor (see <see cref="PartitionCheckpoint.Epoch"/>). <paramref name="AssumedApplied"/> is the
/// highest offset this processor already had the entity apply since its last checkpoint (-1 if
/// none): an entity behind it lost unpersisted state and says so.
/// </summary>
public sealed record ApplyUserEvents(string UserId, long Epoch, long AssumedApplied, ImmutableArray<SessionInput> Items) : IUserSessionMessage;

public sealed record LateVerdict(long Offset, string Reason);

/// <summary>How an entity answered a processor's command.</summary>
public enum EntityStatus
{
    Ok,

    /// <summary>The entity restarted and lost changes the processor had it make: replay from the checkpoint.</summary>
    StateLost,

    /// <summary>A newer processor owns the entity's partition: this one must stop.</summary>
    Fenced,
}

public sealed record UserEventsApplied(string UserId, EntityStatus Status, ImmutableArray<LateVerdict> Late, DateTimeOffset? NextTimer);

/// <summary>The partition watermark passed a timer of this user: close what is due.</summary>
public sealed record CloseUserSessions(string UserId, long Epoch, long AssumedApplied, DateTimeOffset Watermark) : IUserSessionMessage;

public sealed record UserSessionsClosed(string UserId, EntityStatus Status, ImmutableArray<UserSession> Closed, DateTimeOffset? NextTimer);

/// <summary>Make the entity's current state durable (a checkpoint of its partition).</summary>
public sealed record CheckpointUser(string UserId, long Epoch) : IUserSessionMessage;

public sealed record UserCheckpointed(string UserId, EntityStatus Status, long AppliedOffset);

/// <summary>Live query: the user's open sessions.</summary>
public sealed record GetUserSession(string UserId) : IUserSessionMessage;

public sealed record UserSessionView(string UserId, ImmutableArray<UserSession> Open);

/// <summary>What the entity persists at a checkpoint: its whole state and the partition offset it reflects.</summary>
public sealed record UserSessionCheckpoint(UserSessionState State, long AppliedOffset);
