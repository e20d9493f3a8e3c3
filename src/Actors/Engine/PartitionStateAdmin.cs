using Akka.Actor;
using Streaming.Actors.Entities;

namespace Streaming.Actors.Engine;

/// <summary>The outcome of a state reset, per partition: reset, or refused with the reason.</summary>
public sealed record PartitionStateReset(IReadOnlyList<string> Reset, IReadOnlyList<PartitionResetAnswer> Refused);

/// <summary>
/// Drops the stored state of input partitions (<c>streaming-ctl state reset</c>): each partition's checkpoint store
/// refuses while a processor of a live node works on it; a reset partition starts from fresh state at its next
/// assignment (a held one within <c>HeldRecheck</c>).
/// </summary>
public sealed class PartitionStateAdmin(IActorRef checkpoints, EngineOptions engine)
{
    public async Task<PartitionStateReset> ResetAsync(IEnumerable<string> partitionIds, CancellationToken ct = default)
    {
        var answers = await Task.WhenAll(partitionIds.Select(id =>
            checkpoints.Ask<PartitionResetAnswer>(new ResetPartition(id), engine.AskTimeout, ct)));
        return new PartitionStateReset([.. answers.Where(a => a.Done).Select(a => a.PartitionId)], [.. answers.Where(a => !a.Done)]);
    }
}
