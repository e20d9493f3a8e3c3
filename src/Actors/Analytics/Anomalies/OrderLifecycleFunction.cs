using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Streaming.Analytics.Keyed;

namespace Streaming.Analytics.Anomalies;

/// <summary>
/// An order's lifecycle rules as keyed state: <see cref="OrderLifecycleLogic"/>. Orders are kept for
/// <see cref="AnomalyOptions.OrderRetention"/> after their last event (the state's time-to-live); an order seen again
/// later counts as new.
/// </summary>
public sealed class OrderLifecycleFunction(AnomalyOptions options) : KeyedFunction<OrderActivity, OrderLifecycleState, AnomalyAlert>
{
    public const string KindName = "order-lifecycle";

    public override string Kind => KindName;

    public override string KeyOf(OrderActivity input) => input.OrderId;

    public override OrderLifecycleState Empty(string key) => OrderLifecycleState.Empty(key);

    public override KeyedStep<OrderLifecycleState, AnomalyAlert> Apply(OrderLifecycleState state, OrderActivity input, DateTimeOffset watermark, DateTimeOffset now) =>
        OrderLifecycleLogic.Apply(state, input, watermark, now, options);

    public override KeyedStep<OrderLifecycleState, AnomalyAlert> Fire(OrderLifecycleState state, DateTimeOffset watermark, DateTimeOffset now) =>
        OrderLifecycleLogic.Advance(state, watermark, now, options);

    public override DateTimeOffset? NextTimer(OrderLifecycleState state) => OrderLifecycleLogic.NextTimerTime(state, options);

    public override bool IsEmpty(OrderLifecycleState state) => state.Equals(OrderLifecycleState.Empty(state.OrderId));

    public override TimeSpan? TimeToLive => options.OrderRetention;

    public override bool IsDormant(OrderLifecycleState state) => OrderLifecycleLogic.IsSettled(state, options);

    protected override JsonTypeInfo<OrderLifecycleState> StateJson => OrdersJsonContext.Default.OrderLifecycleState;
}
