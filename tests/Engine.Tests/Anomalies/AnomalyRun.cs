using System.Text.Json;
using Streaming.Analytics.Anomalies;
using Streaming.Analytics.Tests.Anomalies;
using Streaming.Engine.Processing;
using Streaming.Engine.Tests.Support;
using Streaming.Streams.Contracts;

namespace Streaming.Engine.Tests.Anomalies;

/// <summary>
/// Order anomalies through the engine's real partition processor (see <see cref="ProcessorHarness"/>): the user rules
/// and the order lifecycle rules, read back from the published alerts (by rule) and late events (both keys judge an
/// event late alike; it is published once).
/// </summary>
internal static class AnomalyRun
{
    private static readonly HashSet<AnomalyRule> OrderRules = [AnomalyRule.InvalidTransition, AnomalyRule.OrderStalled];

    public sealed record Result(List<AnomalyAlert> UserAlerts, List<AnomalyAlert> OrderAlerts, List<string> LateUser, List<string> LateOrder, RunResult Raw);

    public static Result Run(IReadOnlyList<OrderActivity> delivered, RunPlan? plan = null)
    {
        var analytic = new AnomaliesAnalytic(OrderScenarios.Options);
        var raw = ProcessorHarness.Run(analytic, [.. delivered.Select(InputJson.Of)], plan,
            new EventTimeOptions { OutOfOrderness = OrderScenarios.Bound, IdleAfter = TimeSpan.FromMinutes(1) });
        Assert.True(!raw.On(TopicNames.DeadLetters).Any(), string.Join("\n", raw.On(TopicNames.DeadLetters).Select(r => System.Text.Encoding.UTF8.GetString(r.Value))));
        var alerts = raw.Distinct(TopicNames.OrderAnomalyAlerts).Select(r => JsonSerializer.Deserialize(r.Value, OrdersJsonContext.Default.AnomalyAlert)!).ToList();
        // The order of late events is the order of their offsets (one record per step, or a step's records in offset order).
        var late = raw.On(TopicNames.LateEvents).Select(LateRecord.From).Select(l => l.EventId).Distinct(StringComparer.Ordinal).ToList();
        return new Result([.. alerts.Where(a => !OrderRules.Contains(a.Rule))], [.. alerts.Where(a => OrderRules.Contains(a.Rule))], late, late, raw);
    }
}
