using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Analytics.Anomalies;
using Streaming.Analytics.Tests.Anomalies;
using Streaming.Engine.Tests.Support;

namespace Streaming.Engine.Tests.Anomalies;

/// <summary>Order anomalies through the engine's real partition processor, against the naive batch reference.</summary>
public sealed class AnomalyProperties
{
    private static List<string> Texts(IEnumerable<AnomalyAlert> alerts) => [.. alerts.Select(NaiveAnomalies.Text).Order(StringComparer.Ordinal)];

    private static void AssertMatchesReference(List<OrderActivity> delivered, AnomalyRun.Result run)
    {
        var arrivals = NaiveAnomalies.Arrivals(delivered, OrderScenarios.Bound);
        var late = arrivals.Where(a => a.IsLate).Select(a => a.Event.EventId).ToList();
        Assert.Equal(late, run.LateUser);
        Assert.Equal(late, run.LateOrder);
        Assert.Equal(NaiveAnomalies.UserAlerts(arrivals, OrderScenarios.Options), Texts(run.UserAlerts));
        Assert.Equal(NaiveAnomalies.OrderAlerts(arrivals, OrderScenarios.Options), Texts(run.OrderAlerts));
    }

    [Property(MaxTest = 300)]
    public Property BoundedDisorderRaisesExactlyTheReferenceAlerts() =>
        Prop.ForAll(OrderScenarios.BoundedDisorder.ToArbitrary(), delivered =>
        {
            var run = AnomalyRun.Run(delivered);
            Assert.Empty(run.LateUser);
            AssertMatchesReference(delivered, run);
        });

    [Property(MaxTest = 300)]
    public Property StatesRoundTrippedThroughTheBackendRaiseTheReferenceAlerts() =>
        Prop.ForAll(OrderScenarios.BoundedDisorder.ToArbitrary(), delivered => AssertMatchesReference(delivered, AnomalyRun.Run(delivered, Plans.RoundTrip)));

    [Property(MaxTest = 300)]
    public Property ArbitraryDisorderRaisesTheReferenceAlertsOfTheNonLateEvents() =>
        Prop.ForAll(OrderScenarios.ArbitraryDisorder.ToArbitrary(), delivered =>
        {
            AssertMatchesReference(delivered, AnomalyRun.Run(delivered));
            AssertMatchesReference(delivered, AnomalyRun.Run(delivered, Plans.RoundTrip));
        });

    [Property(MaxTest = 200)]
    public Property AlertIdsAreUniqueAndBytesDoNotDependOnTheBoundedDeliveryOrder() =>
        Prop.ForAll(OrderScenarios.BoundedDisorder.ToArbitrary(), delivered =>
        {
            var first = AnomalyRun.Run(delivered);
            var all = first.UserAlerts.Concat(first.OrderAlerts).ToList();
            Assert.Equal(all.Count, all.Select(a => a.AlertId).Distinct(StringComparer.Ordinal).Count());

            // The arrival rules (HIGH_VALUE, TOTAL_MISMATCH) depend on which event of an order arrives first, by design;
            // everything else depends only on the accepted events.
            var sorted = AnomalyRun.Run(delivered.OrderBy(e => e.Time).ToList(), Plans.OneByOne);
            Assert.Equal(Bytes(Ordered(first)), Bytes(Ordered(sorted)));
        });

    [Property(MaxTest = 150)]
    public Property CrashesAndReplaysRaiseTheSameAlertsWithTheSameBytes() =>
        Prop.ForAll(OrderScenarios.ArbitraryDisorder.ToArbitrary(), delivered =>
        {
            var run = AnomalyRun.Run(delivered, Plans.Batched);
            var crashed = AnomalyRun.Run(delivered, Plans.Crashing);
            AssertMatchesReference(delivered, crashed);
            // Replayed alerts keep the detected_at their first publication had (stamped in the backend).
            Assert.Equal(Bytes(run.UserAlerts.Concat(run.OrderAlerts).Select(a => a with { DetectedAt = default })),
                Bytes(crashed.UserAlerts.Concat(crashed.OrderAlerts).Select(a => a with { DetectedAt = default })));
            var published = crashed.Raw.On(Streaming.Streams.Contracts.TopicNames.OrderAnomalyAlerts).ToList();
            Assert.Equal(published.Count, published.Count(r => published.Where(o => o.ResultId == r.ResultId).All(o => o.Value.AsSpan().SequenceEqual(r.Value))));
        });

    private static IEnumerable<AnomalyAlert> Ordered(AnomalyRun.Result run) =>
        run.UserAlerts.Where(a => a.Rule is not (AnomalyRule.HighValue or AnomalyRule.TotalMismatch)).Concat(run.OrderAlerts);

    private static byte[] Bytes(IEnumerable<AnomalyAlert> alerts) =>
        [.. alerts.OrderBy(a => a.AlertId, StringComparer.Ordinal).SelectMany(a => JsonSerializer.SerializeToUtf8Bytes(a, OrdersJsonContext.Default.AnomalyAlert))];
}
