namespace Streaming.Analytics.Sessions;

/// <summary>One <c>user_events</c> record as the session logic needs it (SPEC §1, §3.1).</summary>
/// <param name="EventId">The event's id (client's or gateway's UUIDv7).</param>
/// <param name="UserId">The user; all events applied to one <see cref="UserSessionState"/> share it.</param>
/// <param name="Time">Event time (the event's <c>timestamp</c>); taken at millisecond precision.</param>
/// <param name="EventType">The event type, e.g. <c>page_view</c>, <c>purchase</c>.</param>
/// <param name="PageUrl">The page URL, if any; null or empty counts as none.</param>
/// <param name="Device">The <c>metadata.device</c> value, if any; null or empty counts as none.</param>
public sealed record SessionEvent(string EventId, string UserId, DateTimeOffset Time, string EventType, string? PageUrl, string? Device);
