using Streaming.Analytics.Anomalies;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Tests.Anomalies;

/// <summary>
/// The batch reference of SPEC §3.3, written independently of the anomaly logics: learn lateness from the delivery
/// order (watermark = max event time so far − B; late when t &lt; watermark), evaluate the arrival rules in delivery
/// order, and the ordered rules over each user's (order's) accepted events sorted by (time, id).
/// Alerts are compared as text: id | rule | severity | user | order | amount | event time | evidence ids.
/// </summary>
internal static class NaiveAnomalies
{
    private static readonly HashSet<(OrderStatus, OrderStatus)> Allowed =
    [
        (OrderStatus.Created, OrderStatus.PaymentFailed), (OrderStatus.Created, OrderStatus.Paid), (OrderStatus.Created, OrderStatus.Cancelled),
        (OrderStatus.PaymentFailed, OrderStatus.Paid), (OrderStatus.PaymentFailed, OrderStatus.Cancelled),
        (OrderStatus.Paid, OrderStatus.Shipped), (OrderStatus.Paid, OrderStatus.Cancelled), (OrderStatus.Paid, OrderStatus.Refunded),
        (OrderStatus.Shipped, OrderStatus.Delivered), (OrderStatus.Shipped, OrderStatus.Refunded),
        (OrderStatus.Delivered, OrderStatus.Refunded),
    ];

    public static string Text(AnomalyAlert a) =>
        Text(a.AlertId, a.Rule, a.Severity, a.UserId, a.OrderId, a.Amount, a.EventTime, a.Evidence.Events.Select(e => e.EventId));

    private static string Text(string id, AnomalyRule rule, AlertSeverity severity, string user, string order, decimal amount, DateTimeOffset time, IEnumerable<string> evidence) =>
        FormattableString.Invariant($"{id}|{rule}|{severity}|{user}|{order}|{amount}|{time.ToUnixTimeMilliseconds()}|{string.Join(',', evidence)}");

    private static string Alert(AnomalyRule rule, AlertSeverity severity, OrderActivity trigger, IReadOnlyList<OrderActivity> evidence)
    {
        var ids = evidence.Select(e => e.EventId).ToList();
        return Text(AlertFactory.AlertId(rule, trigger.UserId, ids), rule, severity, trigger.UserId, trigger.OrderId, trigger.TotalAmount, trigger.Time, ids);
    }

    public static List<(OrderActivity Event, bool IsLate)> Arrivals(IEnumerable<OrderActivity> delivered, TimeSpan bound)
    {
        var result = new List<(OrderActivity, bool)>();
        DateTimeOffset? max = null;
        foreach (var e in delivered)
        {
            result.Add((e, max is { } m && e.Time < m - bound));
            max = max is { } mm && mm > e.Time ? mm : e.Time;
        }

        return result;
    }

    public static List<string> UserAlerts(List<(OrderActivity Event, bool IsLate)> arrivals, AnomalyOptions o)
    {
        var alerts = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (e, _) in arrivals)
        {
            if (seen.Add(e.OrderId) && e.TotalAmount >= o.HighValueThreshold)
            {
                alerts.Add(Alert(AnomalyRule.HighValue, e.TotalAmount >= o.CriticalValueThreshold ? AlertSeverity.Critical : AlertSeverity.High, e, [e]));
            }
        }

        var mismatched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (e, _) in arrivals.Where(a => !a.IsLate))
        {
            if (e.ItemsTotal is { } items && Math.Abs(e.TotalAmount - items) > o.MismatchTolerance * e.TotalAmount && mismatched.Add(e.OrderId))
            {
                alerts.Add(Alert(AnomalyRule.TotalMismatch, AlertSeverity.Low, e, [e]));
            }
        }

        foreach (var user in arrivals.Where(a => !a.IsLate).Select(a => a.Event).GroupBy(e => e.UserId, StringComparer.Ordinal))
        {
            var sorted = user.OrderBy(e => e.Time).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
            var counted = new List<OrderActivity>();
            var failures = new List<OrderActivity>();
            DateTimeOffset? lastFrequency = null;
            foreach (var e in sorted)
            {
                if (e.Status == OrderStatus.Created && !counted.Any(c => c.OrderId == e.OrderId))
                {
                    var window = counted.Where(c => c.Time > e.Time - o.FrequencyWindow).Append(e).ToList();
                    if (window.Count >= o.FrequencyCount && (lastFrequency is null || lastFrequency <= e.Time - o.FrequencyWindow))
                    {
                        alerts.Add(Alert(AnomalyRule.HighFrequency, AlertSeverity.High, e, window));
                        lastFrequency = e.Time;
                    }

                    if (counted.Count >= o.SpikeMinHistory && e.TotalAmount * counted.Count > o.SpikeFactor * counted.Sum(c => c.TotalAmount))
                    {
                        alerts.Add(Alert(AnomalyRule.AmountSpike, AlertSeverity.Medium, e, [e]));
                    }

                    counted.Add(e);
                }
                else if (e.Status == OrderStatus.PaymentFailed)
                {
                    failures.Add(e);
                }
                else if (e.Status == OrderStatus.Paid)
                {
                    var inWindow = failures.Where(f => f.Time >= e.Time - o.CardTestingWindow).ToList();
                    if (inWindow.Count >= o.CardTestingFailures)
                    {
                        alerts.Add(Alert(AnomalyRule.CardTesting, AlertSeverity.Critical, e, [.. inWindow, e]));
                        failures.Clear();
                    }
                }
            }
        }

        return [.. alerts.Order(StringComparer.Ordinal)];
    }

    public static List<string> OrderAlerts(List<(OrderActivity Event, bool IsLate)> arrivals, AnomalyOptions o)
    {
        var alerts = new List<string>();
        foreach (var order in arrivals.Where(a => !a.IsLate).Select(a => a.Event).GroupBy(e => e.OrderId, StringComparer.Ordinal))
        {
            var sorted = order.OrderBy(e => e.Time).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
            OrderActivity? current = null;
            foreach (var e in sorted)
            {
                if (current is not null && current.Status != e.Status && !Allowed.Contains((current.Status, e.Status)))
                {
                    alerts.Add(Alert(AnomalyRule.InvalidTransition, AlertSeverity.Medium, e, [current, e]));
                }

                if (current is null || current.Status != e.Status)
                {
                    current = e;
                }
            }

            var createdAt = sorted.FindIndex(e => e.Status == OrderStatus.Created);
            if (createdAt < 0)
            {
                continue;
            }

            var created = sorted[createdAt];
            var resolvedBefore = sorted.Take(createdAt).Any(e => e.Status is OrderStatus.Paid or OrderStatus.Cancelled);
            var resolvedInTime = sorted.Skip(createdAt).Any(e => e.Status is OrderStatus.Paid or OrderStatus.Cancelled && e.Time < created.Time + o.StallTimeout);
            if (!resolvedBefore && !resolvedInTime)
            {
                alerts.Add(Alert(AnomalyRule.OrderStalled, AlertSeverity.Low, created, [created]));
            }
        }

        return [.. alerts.Order(StringComparer.Ordinal)];
    }
}
