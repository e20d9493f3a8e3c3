using Akka.Cluster;
using Streaming.Queries;

namespace Streaming.Nodes;

/// <summary>Akka.Cluster's membership events as the gateway's <see cref="ClusterEventView"/> (the wire names of the admin contract).</summary>
public static class ClusterEventViews
{
    /// <summary>The view of <paramref name="e"/> seen at <paramref name="at"/>, or null for events the contract does not carry.</summary>
    public static ClusterEventView? Of(ClusterEvent.IClusterDomainEvent e, DateTimeOffset at) => e switch
    {
        ClusterEvent.MemberJoined m => Member("member_joined", m.Member, at),
        ClusterEvent.MemberUp m => Member("member_up", m.Member, at),
        ClusterEvent.MemberWeaklyUp m => Member("member_weakly_up", m.Member, at),
        ClusterEvent.MemberLeft m => Member("member_left", m.Member, at),
        ClusterEvent.MemberExited m => Member("member_exited", m.Member, at),
        ClusterEvent.MemberDowned m => Member("member_downed", m.Member, at),
        ClusterEvent.MemberRemoved m => Member("member_removed", m.Member, at),
        ClusterEvent.UnreachableMember m => Member("unreachable", m.Member, at),
        ClusterEvent.ReachableMember m => Member("reachable", m.Member, at),
        ClusterEvent.LeaderChanged l => new ClusterEventView("leader_changed", l.Leader?.ToString(), null, [], at),
        _ => null,
    };

    private static ClusterEventView Member(string type, Member member, DateTimeOffset at) =>
        new(type, member.Address.ToString(), member.Status.ToString(), [.. member.Roles.Order(StringComparer.Ordinal)], at);
}
