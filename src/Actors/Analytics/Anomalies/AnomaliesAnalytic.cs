using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Streaming.Analytics.Keyed;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Anomalies;

/// <summary>
/// Order anomalies (spec §3.3): <c>order_events</c> (keyed by user) → each event to its user's rules and to its order's
/// lifecycle → <c>order_anomaly_alerts</c>. detected_at is the wall clock at first detection, stamped durably by
/// alert_id; every published alert is remembered by its user for the live query.
/// </summary>
public sealed class AnomaliesAnalytic(AnomalyOptions options) : Analytic<OrderActivity, AnomalyAlert>
{
    public override string Name => "anomalies";

    public override string InputTopic => TopicNames.OrderEvents;

    public override IReadOnlyList<string> OutputTopics => [TopicNames.OrderAnomalyAlerts];

    public override IReadOnlyList<KeyedFunction<OrderActivity, AnomalyAlert>> Functions { get; } =
        [new UserRulesFunction(options), new OrderLifecycleFunction(options)];

    public override bool TryParse(InputRecord record, [MaybeNullWhen(false)] out OrderActivity input, out string problem) =>
        EventRecords.TryParse(EventKinds.Order, record, OrderActivity.From, out input, out problem);

    public override string EventIdOf(OrderActivity input) => input.EventId;

    public override DateTimeOffset TimeOf(OrderActivity input) => input.Time;

    public override ResultRecord Emit(AnomalyAlert output) =>
        new(TopicNames.OrderAnomalyAlerts, output.AlertId, JsonSerializer.SerializeToUtf8Bytes(output, OrdersJsonContext.Default.AnomalyAlert), output.AlertId);

    public override string? StampIdOf(AnomalyAlert output) => output.AlertId;

    public override DateTimeOffset StampOf(AnomalyAlert output) => output.DetectedAt;

    public override AnomalyAlert WithStamp(AnomalyAlert output, DateTimeOffset stamp) => output with { DetectedAt = stamp };

    public override (string Kind, string Key)? RememberedBy(AnomalyAlert output) => (UserRulesFunction.KindName, output.UserId);

    public override ResultMetric? Metric { get; } = new("alerts_raised", "alerts_by_rule");

    public override string? LabelOf(AnomalyAlert output) => output.Rule.ToWire();
}
