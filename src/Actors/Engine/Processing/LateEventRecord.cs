using System.Text.Json;

namespace Streaming.Engine.Processing;

/// <summary>A <c>late_events</c> record: the input event as it was consumed, and why it changed no result.</summary>
public sealed record LateEventRecord(
    string Topic,
    int Partition,
    long Offset,
    string EventId,
    DateTimeOffset EventTime,
    DateTimeOffset Watermark,
    string Reason,
    JsonElement Event);
