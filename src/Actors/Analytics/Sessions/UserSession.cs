using System.Collections.Immutable;

namespace Streaming.Analytics.Sessions;

/// <summary>
/// One closed user session: a <c>user_session_analytics</c> record (SPEC §3.1). Serialize it with
/// <see cref="SessionsJsonContext"/> (snake_case, UTC times with milliseconds). Equality is structural.
/// </summary>
/// <param name="UserId">The user.</param>
/// <param name="SessionId"><c>{user_id}:{session_start as epoch milliseconds}</c>.</param>
/// <param name="SessionStart">Event time of the first event.</param>
/// <param name="SessionEnd">Event time of the last event.</param>
/// <param name="DurationSeconds">SessionEnd − SessionStart in seconds (millisecond resolution).</param>
/// <param name="EventCount">Number of events.</param>
/// <param name="PageViews">Events of type <c>page_view</c>.</param>
/// <param name="Purchases">Events of type <c>purchase</c>.</param>
/// <param name="EventTypes">Events per type, ordered by type (ordinal).</param>
/// <param name="DistinctPages">Number of distinct non-empty page URLs.</param>
/// <param name="Devices">Distinct non-empty <c>metadata.device</c> values, ordered (ordinal).</param>
/// <param name="GapSeconds">The configured session gap G in seconds.</param>
public sealed record UserSession(
    string UserId,
    string SessionId,
    DateTimeOffset SessionStart,
    DateTimeOffset SessionEnd,
    double DurationSeconds,
    int EventCount,
    int PageViews,
    int Purchases,
    ImmutableSortedDictionary<string, int> EventTypes,
    int DistinctPages,
    ImmutableArray<string> Devices,
    double GapSeconds)
{
    /// <inheritdoc />
    public bool Equals(UserSession? other) =>
        other is not null
        && string.Equals(UserId, other.UserId, StringComparison.Ordinal)
        && string.Equals(SessionId, other.SessionId, StringComparison.Ordinal)
        && SessionStart == other.SessionStart
        && SessionEnd == other.SessionEnd
        && DurationSeconds.Equals(other.DurationSeconds)
        && EventCount == other.EventCount
        && PageViews == other.PageViews
        && Purchases == other.Purchases
        && SameCounts(EventTypes, other.EventTypes)
        && DistinctPages == other.DistinctPages
        && (Devices.IsDefault ? [] : Devices).SequenceEqual(other.Devices.IsDefault ? [] : other.Devices, StringComparer.Ordinal)
        && GapSeconds.Equals(other.GapSeconds);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(UserId, SessionId, SessionEnd, EventCount);

    private static bool SameCounts(ImmutableSortedDictionary<string, int>? a, ImmutableSortedDictionary<string, int>? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var c) && c == kv.Value);
    }
}
