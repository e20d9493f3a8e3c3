using Akka.Actor;
using Streaming.Engine.State;
using Streaming.Queries;

namespace Streaming.Engine.Processing;

/// <summary>
/// Drops the stored state of input partitions (<c>streaming-ctl state reset</c>): refused while a processor of a live
/// node works on the partition; a reset partition starts from fresh state at its next assignment (a held one within
/// <c>HeldRecheck</c>).
/// </summary>
public sealed class PartitionStateAdmin(ActorSystem system, StateBackend backend, IReadOnlyList<string> inputTopics) : IStateAdmin
{
    public IReadOnlyList<string> InputTopics => inputTopics;

    public async Task<StateReset> ResetAsync(IReadOnlyList<string> partitionIds, CancellationToken ct = default)
    {
        var reset = new List<string>();
        var refused = new List<StateResetRefusal>();
        foreach (var id in partitionIds)
        {
            var stored = await backend.Store.ReadAsync(id, ct);
            if (stored.Owner is { } owner && IsMember(owner))
            {
                refused.Add(new StateResetRefusal(id, $"{id} is being processed by node {owner}; stop that node (or let the partition move away from it), then reset again"));
                continue;
            }
            await backend.Store.ResetAsync(id, ct);
            backend.Forget(id);
            reset.Add(id);
        }
        return new StateReset(reset, refused);
    }

    /// <summary>Whether <paramref name="address"/> is a node of the cluster that may still be processing (not down, not removed).</summary>
    private bool IsMember(string address) =>
        Akka.Cluster.Cluster.Get(system).State.Members.Any(m => m.Address.ToString() == address
            && m.Status is Akka.Cluster.MemberStatus.Up or Akka.Cluster.MemberStatus.Joining or Akka.Cluster.MemberStatus.WeaklyUp or Akka.Cluster.MemberStatus.Leaving);
}
