using System.Collections.Immutable;

namespace Streaming.Actors.Entities;

/// <summary>
/// What one pure-logic call gave a <see cref="CheckpointedEntity{TState, TInput, TOutput}"/>: the new
/// state, the results, and why the input was late (null when it was not, or for a timer).
/// </summary>
public sealed record EntityStep<TState, TOutput>(TState State, ImmutableArray<TOutput> Outputs, string? LateReason = null);
