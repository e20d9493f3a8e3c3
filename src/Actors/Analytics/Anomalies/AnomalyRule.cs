using System.Text.Json.Serialization;

namespace Streaming.Analytics.Anomalies;

/// <summary>The order anomaly rules of SPEC §3.3; on the wire in upper snake case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnomalyRule>))]
public enum AnomalyRule
{
    /// <summary>The first event of an order has a high total.</summary>
    [JsonStringEnumMemberName("HIGH_VALUE")]
    HighValue,

    /// <summary>Many orders created in a short time.</summary>
    [JsonStringEnumMemberName("HIGH_FREQUENCY")]
    HighFrequency,

    /// <summary>An order far above the user's mean.</summary>
    [JsonStringEnumMemberName("AMOUNT_SPIKE")]
    AmountSpike,

    /// <summary>Payment failures followed by a success.</summary>
    [JsonStringEnumMemberName("CARD_TESTING")]
    CardTesting,

    /// <summary>The total does not match the items.</summary>
    [JsonStringEnumMemberName("TOTAL_MISMATCH")]
    TotalMismatch,

    /// <summary>An order's status moved against its lifecycle.</summary>
    [JsonStringEnumMemberName("INVALID_TRANSITION")]
    InvalidTransition,

    /// <summary>A created order was neither paid nor cancelled in time.</summary>
    [JsonStringEnumMemberName("ORDER_STALLED")]
    OrderStalled,
}
