using System.Text.Json.Serialization;
using Streaming.Streams.Contracts;

namespace Streaming.Analytics.Anomalies;

/// <summary>The order anomaly rules of SPEC §3.3; on the wire in upper snake case.</summary>
[JsonConverter(typeof(UpperSnakeCaseEnumConverter<AnomalyRule>))]
public enum AnomalyRule
{
    /// <summary>The first event of an order has a high total.</summary>
    HighValue,

    /// <summary>Many orders created in a short time.</summary>
    HighFrequency,

    /// <summary>An order far above the user's mean.</summary>
    AmountSpike,

    /// <summary>Payment failures followed by a success.</summary>
    CardTesting,

    /// <summary>The total does not match the items.</summary>
    TotalMismatch,

    /// <summary>An order's status moved against its lifecycle.</summary>
    InvalidTransition,

    /// <summary>A created order was neither paid nor cancelled in time.</summary>
    OrderStalled,
}
