using System.Diagnostics.CodeAnalysis;
using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>
/// What a <see cref="PartitionProcessor{TInput, TOutput}"/> needs to know about one keyed computation:
/// its input topic, how a record becomes an input, which entities the input goes to, and how their
/// results become output records. Everything else — watermark, offset order, timers, publish and
/// await acks, checkpoints, fencing — is the processor's.
/// </summary>
public interface IKeyedComputation<TInput, TOutput>
{
    string Topic { get; }

    IReadOnlyList<EntityTarget<TInput>> Targets { get; }

    /// <summary>The input of a record, or why it is poison (it then goes to <c>dead_letters</c>).</summary>
    bool TryParse(CommittableMessage message, [MaybeNullWhen(false)] out TInput input, out string problem);

    string EventIdOf(TInput input);

    DateTimeOffset TimeOf(TInput input);

    /// <summary>Adds the output record(s) of one result.</summary>
    void Emit(TOutput output, PartitionOutputs outputs);

    /// <summary>
    /// Called after a step's records were acknowledged by Kafka, with its results, the partition watermark and whether
    /// the partition is active (has seen events and is not idle: a combined watermark waits only for active partitions).
    /// </summary>
    Task PublishedAsync(int partition, IReadOnlyList<TOutput> results, DateTimeOffset watermark, bool active);
}
