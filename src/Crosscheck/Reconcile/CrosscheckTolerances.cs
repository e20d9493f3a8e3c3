namespace Streaming.Crosscheck.Reconcile;

/// <summary>What a crosscheck forgives: numeric tolerances, fields it does not compare, and how alerts may be matched.</summary>
public sealed record CrosscheckTolerances
{
    /// <summary>The defaults: rates and durations within one millionth, <c>detected_at</c> ignored, alerts matched by natural key as a fallback.</summary>
    public static CrosscheckTolerances Default { get; } = new();

    /// <summary>
    /// Absolute tolerance of numeric fields, by field name (the last part of the path, e.g. <c>conversion_rate</c>);
    /// other numbers must be equal. Defaults: <c>conversion_rate</c>, <c>cart_rate</c>, <c>duration_seconds</c> and
    /// <c>gap_seconds</c> within 0.000001 (an engine computing them in binary floating point still agrees).
    /// </summary>
    public IReadOnlyDictionary<string, decimal> Numbers { get; init; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["conversion_rate"] = 0.000001m,
        ["cart_rate"] = 0.000001m,
        ["duration_seconds"] = 0.000001m,
        ["gap_seconds"] = 0.000001m,
    };

    /// <summary>
    /// Fields never compared, by name or by full path (<c>evidence.values.mean</c>). Default: <c>detected_at</c>, the
    /// wall clock of detection.
    /// </summary>
    public IReadOnlyCollection<string> IgnoredFields { get; init; } = ["detected_at"];

    /// <summary>
    /// When an alert id is on one side only, match it to an alert on the other side with the same rule, user_id,
    /// order_id and event_time (each unique there) and report the records' differing fields, <c>alert_id</c> among
    /// them, instead of a missing and an extra alert. Default true; an engine that cannot compute the ids the same way
    /// (see flink-jobs/README.md) then still gets its alerts compared.
    /// </summary>
    public bool MatchAlertsByNaturalKey { get; init; } = true;

    /// <summary>How many differences a report lists (1000); the counts are always complete.</summary>
    public int MaxListed { get; init; } = 1000;
}
