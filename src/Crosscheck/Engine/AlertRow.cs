using System.Collections.Immutable;
using System.Data.Common;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Engine;

/// <summary>The columns every alert query returns: the trigger, the evidence events in order, and the alert id.</summary>
internal sealed record AlertRow(string UserId, string OrderId, decimal Amount, DateTimeOffset Time, ImmutableArray<EvidenceEvent> Evidence, string AlertId)
{
    public static AlertRow Read(DbDataReader r) => new(
        DbValues.String(r, "user_id"),
        DbValues.String(r, "order_id"),
        DbValues.Decimal(r, "amount"),
        ResultTime.FromMilliseconds(DbValues.Long(r, "t")),
        [.. DbValues.List(r, "evidence").Cast<IDictionary<string, object?>>().Select(Event)],
        DbValues.String(r, "alert_id"));

    private static EvidenceEvent Event(IDictionary<string, object?> e) => new(
        (string)e["event_id"]!,
        (string)e["order_id"]!,
        (string)e["status"]!,
        InputLimits.Canonical(DbValues.Decimal(e["amount"]!)),
        ResultTime.FromMilliseconds(DbValues.Long(e["t"]!)));
}
