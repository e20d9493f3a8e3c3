using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Akka.Actor;
using Streaming.Queries;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Streaming.Nodes;

/// <summary><see cref="IClusterAdmin"/> on Akka.Cluster's own state and commands (what pbm's cluster verbs call).</summary>
public sealed class ClusterAdmin(ActorSystem system) : IClusterAdmin
{
    private AkkaCluster Cluster => AkkaCluster.Get(system);

    public ClusterView View()
    {
        var state = Cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members.Select(m => new ClusterMemberView(m.Address.ToString(), m.Status.ToString(), [.. m.Roles.Order(StringComparer.Ordinal)],
            !unreachable.Contains(m.Address))).ToList();
        var oldest = state.Members.Where(m => m.Status == Akka.Cluster.MemberStatus.Up).Aggregate((Akka.Cluster.Member?)null, (o, m) => o is null || m.IsOlderThan(o) ? m : o);
        return new ClusterView(Cluster.SelfAddress.ToString(), state.Leader?.ToString(), oldest?.Address.ToString(), members);
    }

    public bool Down(string address)
    {
        if (Find(address) is not { } member) return false;
        Cluster.Down(member);
        return true;
    }

    public bool Leave(string address)
    {
        if (Find(address) is not { } member) return false;
        Cluster.Leave(member);
        return true;
    }

    public IReadOnlyList<string> DownUnreachable()
    {
        var unreachable = Cluster.State.Unreachable.Select(m => m.Address).ToList();
        foreach (var address in unreachable) Cluster.Down(address);
        return [.. unreachable.Select(a => a.ToString())];
    }

    public async IAsyncEnumerable<ClusterEventView> Events([EnumeratorCancellation] CancellationToken ct)
    {
        // Membership changes are few: an unbounded channel never holds more than a slow client's handful.
        var channel = Channel.CreateUnbounded<ClusterEventView>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var forwarder = system.ActorOf(ClusterEventForwarder.Props(channel.Writer, TimeProvider.System));
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(ct)) yield return e;
        }
        finally
        {
            system.Stop(forwarder);
        }
    }

    private Address? Find(string address) =>
        Cluster.State.Members.Select(m => m.Address).FirstOrDefault(a => string.Equals(a.ToString(), address, StringComparison.Ordinal));
}
