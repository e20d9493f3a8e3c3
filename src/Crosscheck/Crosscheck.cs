using System.Collections.Immutable;
using Streaming.Crosscheck.Reconcile;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck;

/// <summary>
/// The reconciler of SPEC §6: reads two sides (result topics, or the DuckDB engine over the input topics), matches
/// their records by result id for a range of result event time, and reports every missing, extra or differing record.
/// </summary>
public static class Crosscheck
{
    /// <summary>
    /// Compares the result kinds both sides offer, for records whose result event time (session end, window end,
    /// alert event time) is in <c>[from, to)</c>.
    /// </summary>
    /// <param name="left">The side taken as the reference (e.g. the actor engine's topics).</param>
    /// <param name="right">The side checked against it.</param>
    /// <param name="from">Start of the range (inclusive).</param>
    /// <param name="to">End of the range (exclusive).</param>
    /// <param name="tolerances">What is forgiven; null for <see cref="CrosscheckTolerances.Default"/>.</param>
    /// <param name="progress">Told about each read and comparison.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="ArgumentException">The range is empty, or the sides share no result kind.</exception>
    public static async Task<CrosscheckReport> RunAsync(
        ResultSource left,
        ResultSource right,
        DateTimeOffset from,
        DateTimeOffset to,
        CrosscheckTolerances? tolerances = null,
        IProgress<CrosscheckProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (to <= from)
        {
            throw new ArgumentException($"The range is empty: from {ResultTime.Format(from)} is not before to {ResultTime.Format(to)}.", nameof(to));
        }

        tolerances ??= CrosscheckTolerances.Default;
        var kinds = ResultKinds.All.Where(k => left.Kinds.Contains(k) && right.Kinds.Contains(k)).ToList();
        if (kinds.Count == 0)
        {
            throw new ArgumentException(
                $"{left.Name} ({string.Join(", ", left.Kinds.Select(ResultKinds.Name))}) and {right.Name} ({string.Join(", ", right.Kinds.Select(ResultKinds.Name))}) have no result kind in common.");
        }

        var leftRecords = await left.ReadAsync(kinds, progress, cancellationToken).ConfigureAwait(false);
        var rightRecords = await right.ReadAsync(kinds, progress, cancellationToken).ConfigureAwait(false);
        var summaries = ImmutableArray.CreateBuilder<KindSummary>();
        var differences = new List<Difference>();
        foreach (var kind in kinds)
        {
            var (summary, found) = KindComparison.Compare(kind, leftRecords.Records[kind], rightRecords.Records[kind], from, to, tolerances);
            summaries.Add(summary);
            differences.AddRange(found);
            progress?.Report(new CrosscheckProgress("compare", ResultKinds.Name(kind), summary.Left + summary.Right));
        }

        var notes = leftRecords.Notes.Concat(rightRecords.Notes).ToList();
        var listed = differences.Take(tolerances.MaxListed).ToImmutableArray();
        if (listed.Length < differences.Count)
        {
            notes.Add($"{differences.Count - listed.Length} more differences not listed (MaxListed = {tolerances.MaxListed}); the counts are complete.");
        }

        return new CrosscheckReport(from, to, left.Name, right.Name, summaries.ToImmutable(), listed, differences.Count, [.. notes]);
    }
}
