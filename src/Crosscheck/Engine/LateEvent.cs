namespace Streaming.Crosscheck.Engine;

/// <summary>An input event that arrived after everything it would join had closed; it changes no result (but HIGH_VALUE).</summary>
/// <param name="Topic">Its topic.</param>
/// <param name="Partition">Its partition.</param>
/// <param name="Offset">Its offset.</param>
/// <param name="EventId">Its event id.</param>
/// <param name="EventTime">Its event time.</param>
/// <param name="Watermark">Its partition's watermark at its arrival.</param>
/// <param name="Reason">Why it is late.</param>
public sealed record LateEvent(string Topic, int Partition, long Offset, string EventId, DateTimeOffset EventTime, DateTimeOffset Watermark, string Reason);
