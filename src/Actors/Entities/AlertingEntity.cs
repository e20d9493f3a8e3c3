using Akka.Actor;
using Streaming.Actors.Orders;

namespace Streaming.Actors.Entities;

/// <summary>
/// What the order-rule entities share: alerts are stamped durably by alert_id (so a replay keeps
/// the first detected_at), and a rule result becomes an entity step the same way.
/// </summary>
public abstract class AlertingEntity<TState>(string persistenceId, TState empty, IActorRef store)
    : CheckpointedEntity<TState, OrderActivity, AnomalyAlert>(persistenceId, empty, store)
    where TState : class
{
    protected static EntityStep<TState, AnomalyAlert> Step(AnomalyResult<TState> result) =>
        new(result.State, result.Alerts, result.IsLate ? result.LateReason ?? "late" : null);

    /// <summary>A timer step: results only, never a late verdict.</summary>
    protected static EntityStep<TState, AnomalyAlert> Fired(AnomalyResult<TState> result) => new(result.State, result.Alerts);

    protected override string? StampIdOf(AnomalyAlert output) => AlertStamping.IdOf(output);

    protected override DateTimeOffset StampOf(AnomalyAlert output) => output.DetectedAt;

    protected override AnomalyAlert WithStamp(AnomalyAlert output, DateTimeOffset stamp) => AlertStamping.With(output, stamp);
}
