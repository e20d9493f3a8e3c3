using System.Collections.Immutable;

namespace Streaming.Analytics.Keyed;

/// <summary>
/// Results of an analytic combined across its input partitions (e.g. the trending top-N of a window over every product
/// partition), as the engine sees it before it knows the types. The engine runs one combiner per analytic with a
/// combined watermark (<see cref="Combiner{TOutput, TPart, TState, TRecord}.Add"/>) and publishes what it releases.
/// </summary>
public abstract class Combiner<TOutput>
{
    /// <summary>Short name, e.g. <c>trending</c>; names the combiner's persistent entity.</summary>
    public abstract string Name { get; }

    public abstract string OutputTopic { get; }

    public abstract TResult Accept<TResult>(ICombinerVisitor<TOutput, TResult> visitor);
}

public interface ICombinerVisitor<TOutput, out TResult>
{
    TResult Visit<TPart, TState, TRecord>(Combiner<TOutput, TPart, TState, TRecord> combiner)
        where TPart : class where TState : class where TRecord : class;
}

/// <summary>
/// The pure logic of a combiner: what a partition hands over for the results it published (<typeparamref name="TPart"/>,
/// e.g. only the candidates for a top-N), how parts and partition watermarks fold into the combined state, and which
/// records it releases once the combined watermark passed them. Each released record is published once; a record
/// released again after a crash has the same id and bytes.
/// </summary>
public abstract class Combiner<TOutput, TPart, TState, TRecord> : Combiner<TOutput>
    where TPart : class
    where TState : class
    where TRecord : class
{
    /// <summary>What a partition hands over for results it published (in one step).</summary>
    public abstract TPart Part(IReadOnlyList<TOutput> published);

    /// <summary>The combined state of <paramref name="partitions"/> input partitions, before anything arrived.</summary>
    public abstract TState Create(int partitions);

    /// <summary>
    /// Folds a partition's part and watermark in (<paramref name="active"/>: the partition has seen events and is not
    /// idle). Changed is false when nothing but watermarks moved (those need not be stored: they come again).
    /// </summary>
    public abstract (TState State, bool Changed) Add(TState state, int partition, TPart part, DateTimeOffset watermark, bool active);

    /// <summary>The records the combined watermark releases, in order, and the state without them.</summary>
    public abstract (TState State, ImmutableArray<TRecord> Released) Release(TState state);

    /// <summary>The record's deterministic id (its Kafka key and <c>result_id</c>).</summary>
    public abstract string IdOf(TRecord record);

    public abstract ResultRecord Emit(TRecord record);

    public abstract byte[] EncodePart(TPart part);

    public abstract TPart DecodePart(ReadOnlySpan<byte> bytes);

    public abstract byte[] EncodeState(TState state);

    public abstract TState DecodeState(ReadOnlySpan<byte> bytes);

    public abstract byte[] EncodeRecord(TRecord record);

    public abstract TRecord DecodeRecord(ReadOnlySpan<byte> bytes);

    public sealed override TResult Accept<TResult>(ICombinerVisitor<TOutput, TResult> visitor) => visitor.Visit(this);
}
