using System.Collections.Immutable;

namespace Streaming.Crosscheck.Results;

/// <summary>One closed user session as <c>user_session_analytics</c> carries it (SPEC §3.1).</summary>
/// <param name="UserId">The user.</param>
/// <param name="SessionId"><c>{user_id}:{session_start as epoch milliseconds}</c>.</param>
/// <param name="SessionStart">Event time of the first event.</param>
/// <param name="SessionEnd">Event time of the last event.</param>
/// <param name="DurationSeconds">End − start in seconds.</param>
/// <param name="EventCount">Events in the session.</param>
/// <param name="PageViews">Events of type <c>page_view</c>.</param>
/// <param name="Purchases">Events of type <c>purchase</c>.</param>
/// <param name="EventTypes">Events per type.</param>
/// <param name="DistinctPages">Distinct non-empty page URLs.</param>
/// <param name="Devices">Distinct non-empty <c>metadata.device</c> values, sorted (ordinal).</param>
/// <param name="GapSeconds">The session gap G in seconds.</param>
public sealed record SessionRecord(
    string UserId,
    string SessionId,
    DateTimeOffset SessionStart,
    DateTimeOffset SessionEnd,
    double DurationSeconds,
    long EventCount,
    long PageViews,
    long Purchases,
    ImmutableSortedDictionary<string, long> EventTypes,
    long DistinctPages,
    ImmutableArray<string> Devices,
    double GapSeconds);
