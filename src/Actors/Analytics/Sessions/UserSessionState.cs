using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Streaming.Analytics.Sessions;

/// <summary>
/// One user's session state: the open session windows, ordered by start and pairwise disjoint
/// (each starts at least G after the previous one's last event), plus the last event time of the latest
/// closed session for as long as it can still decide lateness (see <see cref="SessionLogic"/>).
/// Immutable; equality is structural.
/// </summary>
public sealed record UserSessionState
{
    /// <summary>Creates a state; normally only <see cref="SessionLogic"/> does this (and deserialization).</summary>
    /// <exception cref="ArgumentException">Sessions unordered or overlapping, or a closed session after an open one.</exception>
    [JsonConstructor]
    public UserSessionState(string userId, ImmutableArray<OpenSession> sessions, DateTimeOffset? lastClosedEventTime)
    {
        ArgumentNullException.ThrowIfNull(userId);
        sessions = sessions.IsDefault ? [] : sessions;
        for (var i = 0; i < sessions.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(sessions[i], nameof(sessions));
            if (i > 0 && sessions[i].Start <= sessions[i - 1].LastEventTime)
            {
                throw new ArgumentException("Open sessions must be ordered by start and must not overlap.", nameof(sessions));
            }
        }

        if (lastClosedEventTime is { } closed && sessions.Length > 0 && sessions[0].Start <= closed)
        {
            throw new ArgumentException("Every open session must start after the last closed session.", nameof(lastClosedEventTime));
        }

        UserId = userId;
        Sessions = sessions;
        LastClosedEventTime = lastClosedEventTime?.ToUniversalTime();
    }

    /// <summary>The user these sessions belong to.</summary>
    public string UserId { get; }

    /// <summary>Open sessions, ordered by start, disjoint.</summary>
    public ImmutableArray<OpenSession> Sessions { get; }

    /// <summary>
    /// Last event time of the latest closed session; an event within G after it would have joined that
    /// closed session and is late. Forgotten once the watermark reaches it + 2G (from then on the plain
    /// <c>t + G ≤ watermark</c> rule covers every such event).
    /// </summary>
    public DateTimeOffset? LastClosedEventTime { get; }

    /// <summary>True when nothing needs keeping: the user's state may be dropped.</summary>
    [JsonIgnore]
    public bool IsEmpty => Sessions.IsEmpty && LastClosedEventTime is null;

    /// <summary>The state of a user with no sessions.</summary>
    public static UserSessionState Empty(string userId) => new(userId, [], null);

    /// <inheritdoc />
    public bool Equals(UserSessionState? other) =>
        other is not null
        && string.Equals(UserId, other.UserId, StringComparison.Ordinal)
        && LastClosedEventTime == other.LastClosedEventTime
        && Sessions.SequenceEqual(other.Sessions);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(UserId, LastClosedEventTime, Sessions.Length);
}
