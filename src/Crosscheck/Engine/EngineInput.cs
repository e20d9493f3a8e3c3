using Streaming.Crosscheck.Kafka;

namespace Streaming.Crosscheck.Engine;

/// <summary>The three input topics as one batch: every record of every partition, each partition in offset order.</summary>
/// <param name="UserEvents">Records of <c>user_events</c>.</param>
/// <param name="ProductAnalytics">Records of <c>product_analytics</c>.</param>
/// <param name="OrderEvents">Records of <c>order_events</c>.</param>
public sealed record EngineInput(IReadOnlyList<InputRecord> UserEvents, IReadOnlyList<InputRecord> ProductAnalytics, IReadOnlyList<InputRecord> OrderEvents)
{
    /// <summary>The topics the records came from (named in late and rejected records).</summary>
    public InputTopics Topics { get; init; } = InputTopics.Default;

    /// <summary>Reads the three input topics from the beginning of each partition to its end at the time of reading.</summary>
    public static async Task<EngineInput> ReadAsync(
        TopicReaderOptions kafka,
        InputTopics? topics = null,
        IProgress<CrosscheckProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        topics ??= InputTopics.Default;
        var users = await TopicReader.ReadAsync(kafka, topics.UserEvents, progress, cancellationToken).ConfigureAwait(false);
        var products = await TopicReader.ReadAsync(kafka, topics.ProductAnalytics, progress, cancellationToken).ConfigureAwait(false);
        var orders = await TopicReader.ReadAsync(kafka, topics.OrderEvents, progress, cancellationToken).ConfigureAwait(false);
        return new EngineInput(Inputs(users), Inputs(products), Inputs(orders)) { Topics = topics };
    }

    private static List<InputRecord> Inputs(IReadOnlyList<TopicRecord> records) =>
        [.. records.Select(r => new InputRecord(r.Partition, r.Offset, r.Value ?? ReadOnlyMemory<byte>.Empty))];
}
