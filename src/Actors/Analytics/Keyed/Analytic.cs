using System.Diagnostics.CodeAnalysis;

namespace Streaming.Analytics.Keyed;

/// <summary>What the engine needs of an analytic without its types: its name, input topic and keyed-state kinds.</summary>
public interface IAnalytic
{
    /// <summary>Short name, e.g. <c>sessions</c>.</summary>
    string Name { get; }

    /// <summary>The topic it consumes; its partitions are the analytic's partitions.</summary>
    string InputTopic { get; }

    /// <summary>The topics it writes (created at start when missing).</summary>
    IReadOnlyList<string> OutputTopics { get; }

    /// <summary>The kinds of keyed state (see <see cref="KeyedFunction{TInput, TOutput}.Kind"/>).</summary>
    IReadOnlyList<string> Kinds { get; }

    /// <summary>How its results are counted, or null when they are not.</summary>
    ResultMetric? Metric { get; }

    /// <summary>Calls the visitor with the typed analytic.</summary>
    TResult Accept<TResult>(IAnalyticVisitor<TResult> visitor);
}

public interface IAnalyticVisitor<out TResult>
{
    TResult Visit<TInput, TOutput>(Analytic<TInput, TOutput> analytic) where TInput : notnull;
}

/// <summary>
/// One analytic: how an input record becomes an input, which keyed functions it goes to, how results become records,
/// and — for results combined across partitions — its <see cref="Combiner"/>. Registered once (see
/// <see cref="AnalyticModule{TOptions}"/>); the engine, its serializer, shard regions, processors and the gateway's live
/// queries iterate over the registered analytics.
/// </summary>
public abstract class Analytic<TInput, TOutput> : IAnalytic
    where TInput : notnull
{
    public abstract string Name { get; }

    public abstract string InputTopic { get; }

    public abstract IReadOnlyList<string> OutputTopics { get; }

    public abstract IReadOnlyList<KeyedFunction<TInput, TOutput>> Functions { get; }

    public IReadOnlyList<string> Kinds => [.. Functions.Select(f => f.Kind)];

    /// <summary>The input of a record, or why it is poison (it then goes to <c>dead_letters</c>).</summary>
    public abstract bool TryParse(InputRecord record, [MaybeNullWhen(false)] out TInput input, out string problem);

    public abstract string EventIdOf(TInput input);

    public abstract DateTimeOffset TimeOf(TInput input);

    /// <summary>The Kafka record of a result.</summary>
    public abstract ResultRecord Emit(TOutput output);

    /// <summary>
    /// The id under which a result's wall-clock field (e.g. detected_at) is stamped durably before it is published, so a
    /// replay republishes the first stamp; null when the result has no such field.
    /// </summary>
    public virtual string? StampIdOf(TOutput output) => null;

    public virtual DateTimeOffset StampOf(TOutput output) => default;

    public virtual TOutput WithStamp(TOutput output, DateTimeOffset stamp) => output;

    /// <summary>The key (kind and key) a published result is remembered by (<see cref="KeyedFunction{TInput, TState, TOutput}.Remember"/>), or null.</summary>
    public virtual (string Kind, string Key)? RememberedBy(TOutput output) => null;

    public virtual ResultMetric? Metric => null;

    /// <summary>The result's label for <see cref="ResultMetric.ByLabel"/> (e.g. the alert rule), or null.</summary>
    public virtual string? LabelOf(TOutput output) => null;

    /// <summary>Results combined across the input's partitions (trending), or null.</summary>
    public virtual Combiner<TOutput>? Combiner => null;

    public TResult Accept<TResult>(IAnalyticVisitor<TResult> visitor) => visitor.Visit(this);
}
