using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streaming.Crosscheck.Reconcile;

/// <summary>The outcome of a crosscheck: counts per result kind and every difference (up to the listing cap).</summary>
/// <param name="From">Start of the compared range of result event time (inclusive).</param>
/// <param name="To">End of the range (exclusive).</param>
/// <param name="Left">What the left side was.</param>
/// <param name="Right">What the right side was.</param>
/// <param name="Kinds">The counts of each compared result kind.</param>
/// <param name="Differences">The differences, by kind, then type, then id (at most <see cref="CrosscheckTolerances.MaxListed"/>).</param>
/// <param name="DifferenceCount">How many differences there are in all.</param>
/// <param name="Notes">What the sides said about themselves (late or unreadable input of the engine) and listing notes.</param>
public sealed record CrosscheckReport(
    [property: JsonConverter(typeof(ReportTimeConverter))] DateTimeOffset From,
    [property: JsonConverter(typeof(ReportTimeConverter))] DateTimeOffset To,
    string Left,
    string Right,
    ImmutableArray<KindSummary> Kinds,
    ImmutableArray<Difference> Differences,
    long DifferenceCount,
    ImmutableArray<string> Notes)
{
    /// <summary>True when every compared kind agrees: the CLI's exit code 0.</summary>
    public bool Agrees => DifferenceCount == 0 && Kinds.All(k => k.Agrees);

    /// <summary>The report as JSON (snake_case; see the README for its shape).</summary>
    public string ToJson(bool indented = true) =>
        JsonSerializer.Serialize(this, indented ? IndentedReportJsonContext.Default.CrosscheckReport : ReportJsonContext.Default.CrosscheckReport);

    /// <summary>The report as a plain-text table: a summary line per kind, then one line per difference.</summary>
    public string ToTable(int valueWidth = 40) => ReportTable.Render(this, valueWidth);
}
