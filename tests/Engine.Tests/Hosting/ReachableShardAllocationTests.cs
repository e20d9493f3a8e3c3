using System.Collections.Immutable;
using Akka.Actor;
using Streaming.Engine.Hosting;

namespace Streaming.Engine.Tests.Hosting;

public sealed class ReachableShardAllocationTests
{
    private static readonly Address Alive = Address.Parse("akka.tcp://streaming@127.0.0.2:4053");
    private static readonly Address Dead = Address.Parse("akka.tcp://streaming@127.0.0.3:4053");

    private static IActorRef Region(Address node) => new PathRef(new RootActorPath(node) / "system" / "sharding" / "user-session");

    private static readonly IImmutableDictionary<IActorRef, IImmutableList<string>> Allocations = ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty
        .Add(Region(Alive), ImmutableList.Create("0", "1"))
        .Add(Region(Dead), ImmutableList.Create("2", "3"));

    [Fact]
    public void Shards_on_an_unreachable_node_are_not_rebalanced_the_others_are()
    {
        var kept = ReachableShardAllocation.WithoutUnreachable(ImmutableHashSet.Create("1", "2", "3"), Allocations, new HashSet<Address> { Dead });
        Assert.Equal(["1"], kept.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void With_every_node_reachable_the_strategy_decides_alone()
    {
        var shards = ImmutableHashSet.Create("1", "2");
        Assert.Same(shards, ReachableShardAllocation.WithoutUnreachable(shards, Allocations, new HashSet<Address>()));
    }

    private sealed class PathRef(ActorPath path) : MinimalActorRef
    {
        public override ActorPath Path => path;

        public override IActorRefProvider Provider => throw new NotSupportedException();
    }
}
