using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Streaming.Analytics.Keyed;

/// <summary>
/// One kind of keyed state of an analytic, as the engine sees it before it knows the state's type: which inputs go
/// to which key, and (through <see cref="Accept"/>) the typed function. An analytic may have several (orders: a
/// user's rules and an order's lifecycle).
/// </summary>
public abstract class KeyedFunction<TInput, TOutput>
{
    /// <summary>The kind of key, unique over all analytics, e.g. <c>user-session</c>; names the state in the backend and the shard region.</summary>
    public abstract string Kind { get; }

    /// <summary>The key an input belongs to (its entity id).</summary>
    public abstract string KeyOf(TInput input);

    /// <summary>Calls the visitor with the typed function (double dispatch: the engine builds its typed entity without knowing the state type).</summary>
    public abstract TResult Accept<TResult>(IKeyedFunctionVisitor<TInput, TOutput, TResult> visitor);
}

/// <summary>Receives a <see cref="KeyedFunction{TInput, TState, TOutput}"/> with its state type.</summary>
public interface IKeyedFunctionVisitor<TInput, TOutput, out TResult>
{
    TResult Visit<TState>(KeyedFunction<TInput, TState, TOutput> keyed) where TState : class;
}

/// <summary>
/// The pure logic of one kind of keyed state (a Flink keyed process function): apply an input, fire event-time timers,
/// say when the next timer is due, and encode the state for the backend. Every method is a function of its arguments;
/// the engine keeps the state, the timers and the checkpoints.
/// </summary>
public abstract class KeyedFunction<TInput, TState, TOutput> : KeyedFunction<TInput, TOutput>
    where TState : class
{
    /// <summary>The state of a key that has none yet.</summary>
    public abstract TState Empty(string key);

    /// <summary>Applies one input that arrived when the partition's watermark was <paramref name="watermark"/>; <paramref name="now"/> is the wall clock (for detected_at).</summary>
    public abstract KeyedStep<TState, TOutput> Apply(TState state, TInput input, DateTimeOffset watermark, DateTimeOffset now);

    /// <summary>The watermark reached <paramref name="watermark"/>: what is due.</summary>
    public abstract KeyedStep<TState, TOutput> Fire(TState state, DateTimeOffset watermark, DateTimeOffset now);

    /// <summary>The event time at which <see cref="Fire"/> has something to do, or null.</summary>
    public abstract DateTimeOffset? NextTimer(TState state);

    /// <summary>Whether the state holds nothing (the backend deletes it instead of storing it).</summary>
    public abstract bool IsEmpty(TState state);

    /// <summary>
    /// How long (event time, after the key's last input) the state is kept when no input comes: the backend drops it
    /// then, and a later input finds the empty state (Flink's state TTL). Null: until the logic empties it.
    /// </summary>
    public virtual TimeSpan? TimeToLive => null;

    /// <summary>
    /// The key expects no input soon (e.g. a finished order): once its state is stored it leaves memory at once
    /// instead of when the engine evicts it; a later input loads it again.
    /// </summary>
    public virtual bool IsDormant(TState state) => false;

    /// <summary>The state's source-generated JSON contract, which <see cref="Encode"/> and <see cref="Decode"/> use by default.</summary>
    protected abstract JsonTypeInfo<TState> StateJson { get; }

    /// <summary>The state as bytes for the backend (JSON unless a function chooses another codec).</summary>
    public virtual byte[] Encode(TState state) => JsonSerializer.SerializeToUtf8Bytes(state, StateJson);

    /// <summary>A state from the bytes <see cref="Encode"/> wrote.</summary>
    public virtual TState Decode(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize(bytes, StateJson) ?? throw new JsonException($"An empty {Kind} state.");

    /// <summary>
    /// Takes a result of the analytic (of any of its functions) that belongs to this key after it was published —
    /// e.g. a user's recent alerts, its orders' included. Default: the state is unchanged.
    /// </summary>
    public virtual TState Remember(TState state, TOutput published) => state;

    /// <summary>The live views of a key's state (e.g. a user's open session), served by the gateway.</summary>
    public virtual IReadOnlyList<KeyedQuery<TState>> Queries => [];

    public sealed override TResult Accept<TResult>(IKeyedFunctionVisitor<TInput, TOutput, TResult> visitor) => visitor.Visit(this);
}
