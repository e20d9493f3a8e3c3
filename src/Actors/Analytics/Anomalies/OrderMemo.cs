namespace Streaming.Analytics.Anomalies;

/// <summary>What the user rules remember of one order (kept for <see cref="AnomalyOptions.OrderRetention"/> after its last event).</summary>
/// <param name="LastEventTime">The latest event time of the order's events seen so far (arrival-based).</param>
/// <param name="MismatchAlerted">TOTAL_MISMATCH has fired for the order.</param>
/// <param name="CreatedCounted">A <c>created</c> event of the order was processed (released) and counted for HIGH_FREQUENCY and AMOUNT_SPIKE; further ones are ignored.</param>
public sealed record OrderMemo(DateTimeOffset LastEventTime, bool MismatchAlerted, bool CreatedCounted);
