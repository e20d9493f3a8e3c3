using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Akka.Actor;
using Streaming.Actors.Entities;
using Streaming.Actors.Orders;
using Streaming.Streams.Contracts;
using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>
/// Order anomalies (SPEC §3.3): <c>order_events</c> (keyed by user) → each event to its user's entity
/// (user rules) and to its order's entity (lifecycle rules) → <c>order_anomaly_alerts</c>. After the
/// publish, every alert is also told to its user's entity for the live "recent alerts" query.
/// </summary>
public sealed class OrderComputation(IActorRef users, IActorRef orders, EngineMetrics metrics) : IKeyedComputation<OrderActivity, AnomalyAlert>
{
    private readonly IActorRef _users = users;

    public string Topic => TopicNames.OrderEvents;

    public IReadOnlyList<EntityTarget<OrderActivity>> Targets { get; } =
        [new("user", users, a => a.UserId), new("order", orders, a => a.OrderId)];

    public bool TryParse(CommittableMessage message, [MaybeNullWhen(false)] out OrderActivity input, out string problem) =>
        InputRecords.TryParse(EventKinds.Order, message, OrderActivity.From, out input, out problem);

    public string EventIdOf(OrderActivity input) => input.EventId;

    public DateTimeOffset TimeOf(OrderActivity input) => input.Time;

    public void Emit(AnomalyAlert output, PartitionOutputs outputs)
    {
        outputs.Result(TopicNames.OrderAnomalyAlerts, output.AlertId,
            JsonSerializer.SerializeToUtf8Bytes(output, OrdersJsonContext.Default.AnomalyAlert), output.AlertId);
        metrics.Results("alerts_raised", 1);
        metrics.Results("alerts:" + AlertFactory.RuleName(output.Rule), 1);
    }

    public Task PublishedAsync(int partition, IReadOnlyList<AnomalyAlert> results, DateTimeOffset watermark, bool active)
    {
        foreach (var byUser in results.GroupBy(a => a.UserId, StringComparer.Ordinal))
            _users.Tell(new RememberAlerts(byUser.Key, [.. byUser]));
        return Task.CompletedTask;
    }
}
