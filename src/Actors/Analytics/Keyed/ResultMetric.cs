namespace Streaming.Analytics.Keyed;

/// <summary>
/// The count an analytic's results are known by on the analytics endpoints and in <c>/metrics</c>: a total
/// (<c>sessions_closed</c>), and optionally the same count by a label of each result (<c>alerts_by_rule</c>; see
/// <see cref="Analytic{TInput, TOutput}.LabelOf"/>).
/// </summary>
public sealed record ResultMetric(string Name, string? ByLabel = null);
