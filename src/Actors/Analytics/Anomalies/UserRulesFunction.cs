using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Streaming.Analytics.Keyed;

namespace Streaming.Analytics.Anomalies;

/// <summary>A user's order rules as keyed state: <see cref="UserAnomalyLogic"/>, plus the user's recent alerts for the live query.</summary>
public sealed class UserRulesFunction(AnomalyOptions options) : KeyedFunction<OrderActivity, UserRulesState, AnomalyAlert>
{
    public const string KindName = "user-anomaly";

    public override string Kind => KindName;

    public override string KeyOf(OrderActivity input) => input.UserId;

    public override UserRulesState Empty(string key) => UserRulesState.Empty(key);

    public override KeyedStep<UserRulesState, AnomalyAlert> Apply(UserRulesState state, OrderActivity input, DateTimeOffset watermark, DateTimeOffset now) =>
        Wrap(state, UserAnomalyLogic.Apply(state.Rules, input, watermark, now, options));

    public override KeyedStep<UserRulesState, AnomalyAlert> Fire(UserRulesState state, DateTimeOffset watermark, DateTimeOffset now) =>
        Wrap(state, UserAnomalyLogic.Advance(state.Rules, watermark, now, options));

    public override DateTimeOffset? NextTimer(UserRulesState state) => UserAnomalyLogic.NextTimerTime(state.Rules, options);

    public override bool IsEmpty(UserRulesState state) => state.Recent.IsEmpty && state.Rules.Equals(UserAnomalyState.Empty(state.Rules.UserId));

    protected override JsonTypeInfo<UserRulesState> StateJson => OrdersJsonContext.Default.UserRulesState;

    /// <summary>Keeps the alert among the user's recent ones (once per alert id, the newest <see cref="AnomalyOptions.RecentAlerts"/>).</summary>
    public override UserRulesState Remember(UserRulesState state, AnomalyAlert published)
    {
        if (state.Recent.Any(a => a.AlertId == published.AlertId)) return state;
        var recent = state.Recent.Add(published);
        var limit = Math.Max(1, options.RecentAlerts);
        return state with { Recent = recent.Length > limit ? recent.RemoveRange(0, recent.Length - limit) : recent };
    }

    public override IReadOnlyList<KeyedQuery<UserRulesState>> Queries { get; } =
    [
        new("users", "alerts", "The user's recent order anomaly alerts, oldest first (empty when none).", (state, _) =>
            JsonSerializer.SerializeToUtf8Bytes(state.Recent, OrdersJsonContext.Default.ImmutableArrayAnomalyAlert)),
    ];

    private static KeyedStep<UserRulesState, AnomalyAlert> Wrap(UserRulesState state, KeyedStep<UserAnomalyState, AnomalyAlert> step) =>
        new(ReferenceEquals(step.State, state.Rules) ? state : state with { Rules = step.State }, step.Outputs, step.LateReason);
}
