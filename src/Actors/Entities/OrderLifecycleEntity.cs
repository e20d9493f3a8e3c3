using Akka.Actor;
using Streaming.Actors.Orders;

namespace Streaming.Actors.Entities;

/// <summary>
/// One order's lifecycle rules: a thin shell around <see cref="OrderLifecycleLogic"/>; detected_at is
/// stamped durably by alert_id like <see cref="UserAnomalyEntity"/> does.
/// </summary>
public sealed class OrderLifecycleEntity : AlertingEntity<OrderLifecycleState>
{
    private readonly AnomalyOptions _options;

    public OrderLifecycleEntity(string orderId, AnomalyOptions options, IActorRef store)
        : base("order-lifecycle-" + orderId, OrderLifecycleState.Empty(orderId), store)
    {
        _options = options;
    }

    protected override EntityStep<OrderLifecycleState, AnomalyAlert> Apply(OrderLifecycleState state, OrderActivity input, DateTimeOffset watermark) =>
        Step(OrderLifecycleLogic.Apply(state, input, watermark, DateTimeOffset.UtcNow, _options));

    protected override EntityStep<OrderLifecycleState, AnomalyAlert> Fire(OrderLifecycleState state, DateTimeOffset watermark) =>
        Fired(OrderLifecycleLogic.Advance(state, watermark, DateTimeOffset.UtcNow, _options));

    protected override DateTimeOffset? NextTimer(OrderLifecycleState state) => OrderLifecycleLogic.NextTimerTime(state, _options);

    // A shop makes an order a minute; kept in memory until idle, done orders would be most of the heap.
    protected override bool IsDormant(OrderLifecycleState state) => OrderLifecycleLogic.IsSettled(state, _options);

    public static Props Props(string orderId, AnomalyOptions options, IActorRef store) =>
        EntityProps.Of(() => new OrderLifecycleEntity(orderId, options, store));
}
