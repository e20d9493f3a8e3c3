using Streaming.Analytics.Keyed;
using System.Text.Json.Serialization;
using Streaming.Analytics.Sessions;

namespace Streaming.Analytics.Anomalies;

/// <summary>
/// Source-generated JSON for the anomaly types: snake_case names, UTC times with milliseconds
/// (<see cref="UtcMillisecondsJsonConverter"/>), compact output. <see cref="AnomalyAlert"/> is the
/// <c>order_anomaly_alerts</c> record; <see cref="UserAnomalyState"/> and <see cref="OrderLifecycleState"/> are
/// checkpointable states.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcMillisecondsJsonConverter)])]
[JsonSerializable(typeof(AnomalyAlert))]
[JsonSerializable(typeof(UserAnomalyState))]
[JsonSerializable(typeof(OrderLifecycleState))]
[JsonSerializable(typeof(OrderActivity))]
[JsonSerializable(typeof(UserRulesState))]
[JsonSerializable(typeof(System.Collections.Immutable.ImmutableArray<AnomalyAlert>))]
public sealed partial class OrdersJsonContext : JsonSerializerContext;
