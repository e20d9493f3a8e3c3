using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Streaming.Crosscheck.Engine;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Tests.Reference;

/// <summary>
/// SPEC §3.3 the slow, obvious way: replay each partition to find the late events and the arrival-order rules, then
/// walk each user's and each order's accepted events in (time, id) order with a plain state machine per rule.
/// Alerts come without descriptions (compared separately, by example).
/// </summary>
public static class NaiveOrders
{
    private static readonly HashSet<(string, string)> Allowed =
    [
        ("created", "payment_failed"), ("created", "paid"), ("created", "cancelled"), ("payment_failed", "paid"), ("payment_failed", "cancelled"),
        ("paid", "shipped"), ("paid", "cancelled"), ("paid", "refunded"), ("shipped", "delivered"), ("shipped", "refunded"), ("delivered", "refunded"),
    ];

    public static (List<AlertRecord> Alerts, HashSet<string> Late) Run(Dataset data, DuckDbEngineOptions o)
    {
        var bound = (long)o.OutOfOrderness.TotalMilliseconds;
        var alerts = new List<AlertRecord>();
        var late = new HashSet<string>(StringComparer.Ordinal);
        var acceptedByUser = new Dictionary<string, List<OrderEv>>(StringComparer.Ordinal);
        var acceptedByOrder = new Dictionary<string, List<OrderEv>>(StringComparer.Ordinal);
        var seenOrders = new HashSet<(string, string)>();
        var mismatched = new HashSet<(string, string)>();
        foreach (var partition in data.Orders.GroupBy(p => p.Partition))
        {
            long? max = null;
            foreach (var e in partition.OrderBy(p => p.Offset).Select(p => p.Event))
            {
                var isLate = max - bound is { } wm && e.T < wm;
                if (seenOrders.Add((e.UserId, e.OrderId)) && e.Total >= o.HighValueThreshold)
                {
                    alerts.Add(Alert("HIGH_VALUE", e.Total >= o.CriticalValueThreshold ? "CRITICAL" : "HIGH", e.UserId, e, [e],
                        [("threshold", o.HighValueThreshold), ("critical_threshold", o.CriticalValueThreshold)]));
                }

                if (isLate)
                {
                    late.Add(e.EventId);
                }
                else
                {
                    if (e.Items is { Count: > 0 } items && !mismatched.Contains((e.UserId, e.OrderId)))
                    {
                        var sum = items.Sum(i => i.Price * i.Quantity);
                        if (Math.Abs(e.Total - sum) > o.MismatchTolerance * e.Total)
                        {
                            mismatched.Add((e.UserId, e.OrderId));
                            alerts.Add(Alert("TOTAL_MISMATCH", "LOW", e.UserId, e, [e],
                                [("difference", Math.Abs(e.Total - sum)), ("items_total", sum), ("tolerance", o.MismatchTolerance)]));
                        }
                    }

                    Add(acceptedByUser, e.UserId, e);
                    Add(acceptedByOrder, e.OrderId, e);
                }

                max = max is { } m ? Math.Max(m, e.T) : e.T;
            }
        }

        foreach (var (user, events) in acceptedByUser) UserRules(user, Released(events), o, alerts);
        foreach (var (_, events) in acceptedByOrder) OrderRules(Released(events), o, alerts);
        return (alerts, late);
    }

    private static List<OrderEv> Released(List<OrderEv> events) =>
        [.. events.DistinctBy(e => (e.T, e.EventId)).OrderBy(e => e.T).ThenBy(e => e.EventId, StringComparer.Ordinal)];

    private static void UserRules(string user, List<OrderEv> events, DuckDbEngineOptions o, List<AlertRecord> alerts)
    {
        var frequencyWindow = (long)o.FrequencyWindow.TotalMilliseconds;
        var cardWindow = (long)o.CardTestingWindow.TotalMilliseconds;
        var counted = new HashSet<string>(StringComparer.Ordinal);
        var recent = new List<OrderEv>();
        long? lastFrequencyAlert = null;
        var history = new List<decimal>();
        var pending = new List<OrderEv>();
        foreach (var e in events)
        {
            switch (e.Status)
            {
                case "created" when counted.Add(e.OrderId):
                    recent = [.. recent.Where(r => r.T > e.T - frequencyWindow), e];
                    if (recent.Count >= o.FrequencyCount && (lastFrequencyAlert is null || lastFrequencyAlert <= e.T - frequencyWindow))
                    {
                        alerts.Add(Alert("HIGH_FREQUENCY", "HIGH", user, e, recent,
                            [("count", recent.Count), ("threshold", o.FrequencyCount), ("window_seconds", (decimal)o.FrequencyWindow.TotalSeconds)]));
                        lastFrequencyAlert = e.T;
                    }

                    if (history.Count >= o.SpikeMinHistory && history.Count > 0 && e.Total > o.SpikeFactor * (history.Sum() / history.Count))
                    {
                        alerts.Add(Alert("AMOUNT_SPIKE", "MEDIUM", user, e, [e],
                            [("factor", o.SpikeFactor), ("history_count", history.Count), ("history_sum", history.Sum()),
                             ("mean", Math.Round(history.Sum() / history.Count, 6, MidpointRounding.AwayFromZero))]));
                    }

                    history.Add(e.Total);
                    break;
                case "payment_failed":
                    pending = [.. pending.Where(f => f.T >= e.T - cardWindow), e];
                    break;
                case "paid":
                    pending = [.. pending.Where(f => f.T >= e.T - cardWindow)];
                    if (pending.Count >= o.CardTestingFailures)
                    {
                        alerts.Add(Alert("CARD_TESTING", "CRITICAL", user, e, [.. pending, e],
                            [("failures", pending.Count), ("threshold", o.CardTestingFailures), ("window_seconds", (decimal)o.CardTestingWindow.TotalSeconds)]));
                        pending = [];
                    }

                    break;
            }
        }
    }

    private static void OrderRules(List<OrderEv> events, DuckDbEngineOptions o, List<AlertRecord> alerts)
    {
        var stall = (long)o.StallTimeout.TotalMilliseconds;
        OrderEv? current = null;
        OrderEv? created = null;
        var settled = false;
        foreach (var e in events)
        {
            if (current is not null && current.Status != e.Status && !Allowed.Contains((current.Status, e.Status)))
            {
                alerts.Add(Alert("INVALID_TRANSITION", "MEDIUM", e.UserId, e, [current, e], []));
            }

            if (current is null || current.Status != e.Status) current = e;
            if (e.Status == "created" && created is null) created = e;
            if (e.Status is "paid" or "cancelled" && !settled) settled = created is null || e.T < created.T + stall;
        }

        if (created is not null && !settled)
        {
            alerts.Add(Alert("ORDER_STALLED", "LOW", created.UserId, created, [created], [("timeout_seconds", (decimal)o.StallTimeout.TotalSeconds)]));
        }
    }

    public static string AlertId(string rule, string user, IEnumerable<string> eventIds) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{rule}|{user}|{string.Join(',', eventIds)}")))[..32];

    private static AlertRecord Alert(string rule, string severity, string user, OrderEv trigger, IReadOnlyList<OrderEv> evidence, IEnumerable<(string, decimal)> values) =>
        new(
            AlertId(rule, user, evidence.Select(e => e.EventId)),
            rule,
            severity,
            user,
            trigger.OrderId,
            trigger.Total,
            DateTimeOffset.FromUnixTimeMilliseconds(trigger.T),
            DateTimeOffset.UnixEpoch,
            "",
            new AlertEvidence(
                [.. evidence.Select(e => new EvidenceEvent(e.EventId, e.OrderId, e.Status, e.Total, DateTimeOffset.FromUnixTimeMilliseconds(e.T)))],
                values.ToImmutableSortedDictionary(v => v.Item1, v => v.Item2, StringComparer.Ordinal)));

    private static void Add(Dictionary<string, List<OrderEv>> map, string key, OrderEv e)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(e);
    }
}
