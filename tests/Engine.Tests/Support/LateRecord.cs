using System.Text.Json;
using Streaming.Analytics.Keyed;

namespace Streaming.Engine.Tests.Support;

/// <summary>A <c>late_events</c> record as the tests read it back: the event's id and why it was late.</summary>
public sealed record LateRecord(string EventId, string Reason)
{
    public static LateRecord From(ResultRecord record)
    {
        var root = JsonDocument.Parse(record.Value).RootElement;
        return new LateRecord(root.GetProperty("event_id").GetString()!, root.GetProperty("reason").GetString()!);
    }
}
