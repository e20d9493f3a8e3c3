namespace Streaming.Engine.Processing;

/// <summary>Where a partition hands the results it published, with its watermark, for results combined across partitions (see <c>Analytic.Combiner</c>).</summary>
public interface ICombinerFeed<TOutput>
{
    /// <param name="active">
    /// The combined watermark waits for this partition at <paramref name="watermark"/>: it is active, or idle with
    /// windows still to close (then <paramref name="watermark"/> is just before the earliest of them).
    /// </param>
    Task ContributeAsync(int partition, IReadOnlyList<TOutput> published, DateTimeOffset watermark, bool active);
}
