namespace Streaming.Queries;

/// <summary>Membership of the cluster as the node that answers sees it, and the operator's commands on it (pbm's cluster verbs).</summary>
public interface IClusterAdmin
{
    ClusterView View();

    /// <summary>Marks the member down (the split-brain resolver's decision, taken by a person): it is removed and stops.</summary>
    bool Down(string address);

    /// <summary>Asks the member to leave gracefully: it hands its work over, then stops.</summary>
    bool Leave(string address);

    /// <summary>Downs every member this node sees as unreachable; returns their addresses.</summary>
    IReadOnlyList<string> DownUnreachable();

    /// <summary>
    /// Membership changes from now on, the current state first (every member's status, unreachable members, the leader,
    /// as if they had just happened); ends when <paramref name="ct"/> is cancelled or the node stops.
    /// </summary>
    IAsyncEnumerable<ClusterEventView> Events(CancellationToken ct);
}
