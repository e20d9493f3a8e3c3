using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Reconcile;

/// <summary>The counts of one result kind in a crosscheck.</summary>
/// <param name="Kind">The result kind.</param>
/// <param name="Left">Distinct records on the left in the range.</param>
/// <param name="Right">Distinct records on the right in the range.</param>
/// <param name="Matched">Records present on both sides and equal.</param>
/// <param name="Missing">Ids on the left only.</param>
/// <param name="Extra">Ids on the right only.</param>
/// <param name="Differing">Records present on both sides with at least one differing field.</param>
/// <param name="Conflicts">Ids published twice with different contents (either side).</param>
/// <param name="Unreadable">Records of either side that could not be read.</param>
public sealed record KindSummary(ResultKind Kind, long Left, long Right, long Matched, long Missing, long Extra, long Differing, long Conflicts, long Unreadable)
{
    /// <summary>True when nothing differs.</summary>
    public bool Agrees => Missing == 0 && Extra == 0 && Differing == 0 && Conflicts == 0 && Unreadable == 0;
}
