using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Streaming.Crosscheck.Engine;
using Streaming.Crosscheck.Kafka;
using Streaming.Crosscheck.Results;

namespace Streaming.Crosscheck.Reconcile;

/// <summary>
/// One side of a crosscheck: result topics on a Kafka cluster, or the DuckDB engine run over the input topics. A side
/// offers some result kinds; a crosscheck compares the kinds both of its sides offer.
/// </summary>
public abstract class ResultSource
{
    private protected ResultSource()
    {
    }

    /// <summary>What the side is, for the report (e.g. <c>kafka:user_session_analytics</c>, <c>duckdb</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The result kinds this side offers.</summary>
    public abstract IReadOnlyCollection<ResultKind> Kinds { get; }

    /// <summary>One result topic; its kind is taken from its name (<see cref="ResultKinds.FromTopic"/>) unless given.</summary>
    /// <exception cref="ArgumentException">No kind given and the name tells none.</exception>
    public static ResultSource Topic(TopicReaderOptions kafka, string topic, ResultKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var resolved = kind ?? ResultKinds.FromTopic(topic)
            ?? throw new ArgumentException($"Topic '{topic}' is not named after a result topic ({string.Join(", ", ResultKinds.All.Select(ResultKinds.Topic))}, optionally with a prefix such as flink_); say which kind it holds.", nameof(topic));
        return new TopicSource(kafka, ImmutableSortedDictionary<ResultKind, string>.Empty.Add(resolved, topic));
    }

    /// <summary>
    /// The four result topics of a cluster: the actor engine's names with <paramref name="prefix"/> in front (empty
    /// for the actor engine's own topics, <c>flink_</c> for the Flink SQL jobs').
    /// </summary>
    public static ResultSource Topics(TopicReaderOptions kafka, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentNullException.ThrowIfNull(prefix);
        return new TopicSource(kafka, ResultKinds.All.ToImmutableSortedDictionary(k => k, k => prefix + ResultKinds.Topic(k)));
    }

    /// <summary>The DuckDB engine over the input topics of a cluster, read from their beginning to their current end.</summary>
    public static ResultSource DuckDb(TopicReaderOptions kafka, DuckDbEngineOptions? options = null, InputTopics? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        return new DuckDbSource(kafka, options ?? new DuckDbEngineOptions(), inputs ?? InputTopics.Default);
    }

    /// <summary>Results an engine already computed (e.g. <see cref="DuckDbEngine.RunAsync"/> over records at hand).</summary>
    public static ResultSource Results(EngineResults results, string name = "duckdb")
    {
        ArgumentNullException.ThrowIfNull(results);
        return new EngineResultsSource(results, name);
    }

    /// <summary>Result records at hand, of one kind (e.g. a file, or a test's records).</summary>
    public static ResultSource Json(string name, ResultKind kind, IEnumerable<JsonElement> records)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(records);
        return new JsonSource(name, kind, [.. records.Select((r, i) => new SideRecord(string.Create(CultureInfo.InvariantCulture, $"{name}[{i}]"), r.Clone(), null))]);
    }

    internal abstract Task<SideRecords> ReadAsync(IReadOnlyCollection<ResultKind> kinds, IProgress<CrosscheckProgress>? progress, CancellationToken cancellationToken);

    private protected static IReadOnlyList<SideRecord> FromEngine(EngineResults results, ResultKind kind, string name) =>
        [.. results.Json(kind).Select(json => new SideRecord(name, json, null))];

    private protected static IReadOnlyList<string> EngineNotes(EngineResults results, string name)
    {
        var notes = new List<string>();
        foreach (var topic in results.Late.GroupBy(l => l.Topic).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {topic.Count()} late events in {topic.Key}"));
        }

        foreach (var topic in results.Rejected.GroupBy(l => l.Topic).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = topic.First();
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {topic.Count()} unreadable input records in {topic.Key} (first at partition {first.Partition} offset {first.Offset}: {first.Reason})"));
        }

        return notes;
    }

    private sealed class TopicSource(TopicReaderOptions kafka, ImmutableSortedDictionary<ResultKind, string> topics) : ResultSource
    {
        public override string Name => "kafka:" + string.Join(",", topics.Values);

        public override IReadOnlyCollection<ResultKind> Kinds => topics.Keys.ToList();

        internal override async Task<SideRecords> ReadAsync(IReadOnlyCollection<ResultKind> kinds, IProgress<CrosscheckProgress>? progress, CancellationToken cancellationToken)
        {
            var records = new Dictionary<ResultKind, IReadOnlyList<SideRecord>>();
            foreach (var kind in kinds)
            {
                var topic = topics[kind];
                var read = await TopicReader.ReadAsync(kafka, topic, progress, cancellationToken).ConfigureAwait(false);
                records[kind] = [.. read.Select(r => Parse(r))];
            }

            return new SideRecords(records, []);
        }

        private static SideRecord Parse(TopicRecord record)
        {
            var origin = string.Create(CultureInfo.InvariantCulture, $"{record.Topic}/{record.Partition}/{record.Offset}");
            if (record.Value is null)
            {
                return new SideRecord(origin, null, "the record has no value");
            }

            try
            {
                using var document = JsonDocument.Parse(record.Value);
                return new SideRecord(origin, document.RootElement.Clone(), null);
            }
            catch (JsonException e)
            {
                return new SideRecord(origin, null, "the value is not JSON: " + e.Message);
            }
        }
    }

    private sealed class DuckDbSource(TopicReaderOptions kafka, DuckDbEngineOptions options, InputTopics inputs) : ResultSource
    {
        public override string Name => "duckdb:" + string.Join(",", inputs.UserEvents, inputs.ProductAnalytics, inputs.OrderEvents);

        public override IReadOnlyCollection<ResultKind> Kinds => ResultKinds.All;

        internal override async Task<SideRecords> ReadAsync(IReadOnlyCollection<ResultKind> kinds, IProgress<CrosscheckProgress>? progress, CancellationToken cancellationToken)
        {
            var input = await EngineInput.ReadAsync(kafka, inputs, progress, cancellationToken).ConfigureAwait(false);
            var results = await DuckDbEngine.RunAsync(input, options, progress, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new SideRecords(kinds.ToDictionary(k => k, k => FromEngine(results, k, "duckdb")), EngineNotes(results, "duckdb"));
        }
    }

    private sealed class EngineResultsSource(EngineResults results, string name) : ResultSource
    {
        public override string Name => name;

        public override IReadOnlyCollection<ResultKind> Kinds => ResultKinds.All;

        internal override Task<SideRecords> ReadAsync(IReadOnlyCollection<ResultKind> kinds, IProgress<CrosscheckProgress>? progress, CancellationToken cancellationToken) =>
            Task.FromResult(new SideRecords(kinds.ToDictionary(k => k, k => FromEngine(results, k, name)), EngineNotes(results, name)));
    }

    private sealed class JsonSource(string name, ResultKind kind, IReadOnlyList<SideRecord> records) : ResultSource
    {
        public override string Name => name;

        public override IReadOnlyCollection<ResultKind> Kinds => [kind];

        internal override Task<SideRecords> ReadAsync(IReadOnlyCollection<ResultKind> kinds, IProgress<CrosscheckProgress>? progress, CancellationToken cancellationToken) =>
            Task.FromResult(new SideRecords(new Dictionary<ResultKind, IReadOnlyList<SideRecord>> { [kind] = records }, []));
    }
}
