using System.Collections.Immutable;
using Akka.Actor;
using Streaming.Actors.Orders;

namespace Streaming.Actors.Entities;

/// <summary>
/// One user's order rules: a thin shell around <see cref="UserAnomalyLogic"/>. detected_at is the
/// wall clock at first detection, stamped durably by alert_id before the alert is answered. Keeps the
/// user's recent alerts (its own and its orders') in memory for live queries.
/// </summary>
public sealed class UserAnomalyEntity : AlertingEntity<UserAnomalyState>
{
    private readonly AnomalyOptions _options;
    private readonly int _recentLimit;
    private ImmutableArray<AnomalyAlert> _recent = [];

    public UserAnomalyEntity(string userId, AnomalyOptions options, int recentLimit, IActorRef store)
        : base("user-anomaly-" + userId, UserAnomalyState.Empty(userId), store)
    {
        _options = options;
        _recentLimit = Math.Max(1, recentLimit);
    }

    protected override bool Query(object message, IActorRef sender)
    {
        switch (message)
        {
            case RememberAlerts remember:
                Keep(remember.Alerts);
                return true;
            case GetUserAlerts query:
                sender.Tell(new UserAlertsView(query.EntityId, _recent));
                return true;
            default:
                return false;
        }
    }

    protected override EntityStep<UserAnomalyState, AnomalyAlert> Apply(UserAnomalyState state, OrderActivity input, DateTimeOffset watermark) =>
        Step(UserAnomalyLogic.Apply(state, input, watermark, DateTimeOffset.UtcNow, _options));

    protected override EntityStep<UserAnomalyState, AnomalyAlert> Fire(UserAnomalyState state, DateTimeOffset watermark) =>
        Fired(UserAnomalyLogic.Advance(state, watermark, DateTimeOffset.UtcNow, _options));

    protected override DateTimeOffset? NextTimer(UserAnomalyState state) => UserAnomalyLogic.NextTimerTime(state, _options);

    protected override void Answered(ImmutableArray<AnomalyAlert> outputs) => Keep(outputs);

    private void Keep(ImmutableArray<AnomalyAlert> alerts)
    {
        if (alerts.IsDefaultOrEmpty) return;
        var known = _recent.Select(a => a.AlertId).ToHashSet(StringComparer.Ordinal);
        var all = _recent.AddRange(alerts.Where(a => known.Add(a.AlertId)));
        _recent = all.Length > _recentLimit ? all.RemoveRange(0, all.Length - _recentLimit) : all;
    }

    public static Props Props(string userId, AnomalyOptions options, int recentLimit, IActorRef store) =>
        EntityProps.Of(() => new UserAnomalyEntity(userId, options, recentLimit, store));
}
