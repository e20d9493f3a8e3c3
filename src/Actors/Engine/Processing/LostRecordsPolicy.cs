namespace Streaming.Engine.Processing;

/// <summary>
/// What a partition does when records it has not processed are no longer in its log (deleted by retention) or its
/// checkpoint lies beyond the log's end — the engine's counterpart of Kafka's <c>auto.offset.reset</c>, which the
/// engine sets to <c>error</c> so that such a case always reaches this policy.
/// </summary>
public enum LostRecordsPolicy
{
    /// <summary>The partition is not processed; an ERROR line says how many records are gone and what to do.</summary>
    Fail,

    /// <summary>The partition goes on from what the log holds; the records that cannot be processed are counted and logged.</summary>
    Reset,
}
