using System.Collections.Immutable;
using System.Globalization;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Engine;

/// <summary>
/// Runs the order anomaly SQL (SPEC §3.3), one query per rule, and builds the alert records: severity, the figures of
/// the evidence and a description in the same words as the actor engine's, so that whole records compare.
/// </summary>
internal static class AlertQueries
{
    public static (List<AlertRecord> Alerts, List<LateEvent> Late) Run(EngineSession db, DuckDbEngineOptions o, DateTimeOffset detectedAt, string topic)
    {
        db.Execute("orders.sql");
        var alerts = new List<AlertRecord>();

        alerts.AddRange(db.Query("alert-high-value.sql", r => (Row: AlertRow.Read(r), Critical: DbValues.Bool(r, "critical"))).Select(x =>
        {
            var threshold = x.Critical ? o.CriticalValueThreshold : o.HighValueThreshold;
            var level = x.Critical ? "at or above the critical threshold" : "at or above the high-value threshold";
            return Alert("HIGH_VALUE", x.Critical ? "CRITICAL" : "HIGH", x.Row, detectedAt,
                Invariant($"order {x.Row.OrderId} of user {x.Row.UserId} has total {C(x.Row.Amount)} {level} {C(threshold)}"),
                [("threshold", o.HighValueThreshold), ("critical_threshold", o.CriticalValueThreshold)]);
        }));

        alerts.AddRange(db.Query("alert-total-mismatch.sql", r => (Row: AlertRow.Read(r), Items: DbValues.Decimal(r, "items_total"), Difference: DbValues.Decimal(r, "difference"))).Select(x =>
            Alert("TOTAL_MISMATCH", "LOW", x.Row, detectedAt,
                Invariant($"order {x.Row.OrderId} of user {x.Row.UserId}: total {C(x.Row.Amount)} differs from the items' sum {C(x.Items)} by {C(x.Difference)}, more than {C(o.MismatchTolerance * 100)} %"),
                [("difference", x.Difference), ("items_total", x.Items), ("tolerance", o.MismatchTolerance)])));

        alerts.AddRange(db.Query("alert-high-frequency.sql", AlertRow.Read).Select(row =>
            Alert("HIGH_FREQUENCY", "HIGH", row, detectedAt,
                Invariant($"user {row.UserId} created {row.Evidence.Length} orders within {o.FrequencyWindow.TotalSeconds}s (threshold {o.FrequencyCount}), the last {row.OrderId} at {Iso(row.Time)}"),
                [("count", row.Evidence.Length), ("threshold", o.FrequencyCount), ("window_seconds", (decimal)o.FrequencyWindow.TotalSeconds)])));

        alerts.AddRange(db.Query("alert-amount-spike.sql", r => (Row: AlertRow.Read(r), Count: DbValues.Long(r, "history_count"), Sum: DbValues.Decimal(r, "history_sum"))).Select(x =>
        {
            var mean = Math.Round(x.Sum / x.Count, 6, MidpointRounding.AwayFromZero);
            return Alert("AMOUNT_SPIKE", "MEDIUM", x.Row, detectedAt,
                Invariant($"order {x.Row.OrderId} of user {x.Row.UserId}: amount {C(x.Row.Amount)} is more than {C(o.SpikeFactor)} x the mean {C(mean)} of {x.Count} earlier orders"),
                [("factor", o.SpikeFactor), ("history_count", x.Count), ("history_sum", x.Sum), ("mean", mean)]);
        }));

        alerts.AddRange(db.Query("alert-card-testing.sql", AlertRow.Read).Select(row =>
        {
            var failures = row.Evidence.Length - 1;
            return Alert("CARD_TESTING", "CRITICAL", row, detectedAt,
                Invariant($"user {row.UserId} paid order {row.OrderId} at {Iso(row.Time)} after {failures} payment failures since {Iso(row.Evidence[0].EventTime)}"),
                [("failures", failures), ("threshold", o.CardTestingFailures), ("window_seconds", (decimal)o.CardTestingWindow.TotalSeconds)]);
        }));

        alerts.AddRange(db.Query("alert-invalid-transition.sql", AlertRow.Read).Select(row =>
        {
            var (from, to) = (row.Evidence[0], row.Evidence[1]);
            return Alert("INVALID_TRANSITION", "MEDIUM", row, detectedAt,
                Invariant($"order {row.OrderId} of user {row.UserId} moved from {from.Status} ({Iso(from.EventTime)}) to {to.Status} ({Iso(to.EventTime)})"),
                []);
        }));

        alerts.AddRange(db.Query("alert-order-stalled.sql", AlertRow.Read).Select(row =>
            Alert("ORDER_STALLED", "LOW", row, detectedAt,
                Invariant($"order {row.OrderId} of user {row.UserId} was created at {Iso(row.Time)} and had no paid or cancelled event within {o.StallTimeout.TotalSeconds}s"),
                [("timeout_seconds", (decimal)o.StallTimeout.TotalSeconds)])));

        var late = db.Query("orders-late.sql", r =>
        {
            var t = DbValues.Long(r, "t");
            var wm = DbValues.Long(r, "wm");
            return new LateEvent(topic, r.GetInt32(r.GetOrdinal("part")), DbValues.Long(r, "off"), DbValues.String(r, "event_id"),
                ResultTime.FromMilliseconds(t), ResultTime.FromMilliseconds(wm),
                Invariant($"order rules: event time {Iso(ResultTime.FromMilliseconds(t))} is before the watermark {Iso(ResultTime.FromMilliseconds(wm))}"));
        });

        alerts.Sort((a, b) => a.EventTime != b.EventTime ? a.EventTime.CompareTo(b.EventTime) : string.CompareOrdinal(a.AlertId, b.AlertId));
        return (alerts, late);
    }

    private static AlertRecord Alert(string rule, string severity, AlertRow row, DateTimeOffset detectedAt, string description, IEnumerable<(string Name, decimal Value)> values) =>
        new(row.AlertId, rule, severity, row.UserId, row.OrderId, InputLimits.Canonical(row.Amount), row.Time, detectedAt, description,
            new AlertEvidence(row.Evidence, values.ToImmutableSortedDictionary(v => v.Name, v => InputLimits.Canonical(v.Value), StringComparer.Ordinal)));

    /// <summary>A decimal as descriptions write it: invariant, no trailing zeros.</summary>
    private static string C(decimal value) => InputLimits.Canonical(value).ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset time) => ResultTime.Format(time);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
