using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using Streaming.Queries;

namespace Streaming.Nodes;

/// <summary>
/// Subscribes to this node's membership events (the current state first, as events) and writes their views to a
/// channel one HTTP client reads; stopping it unsubscribes and completes the channel.
/// </summary>
public sealed class ClusterEventForwarder : ReceiveActor
{
    private readonly ChannelWriter<ClusterEventView> _events;

    public ClusterEventForwarder(ChannelWriter<ClusterEventView> events, TimeProvider clock)
    {
        _events = events;
        Receive<ClusterEvent.IClusterDomainEvent>(e =>
        {
            if (ClusterEventViews.Of(e, clock.GetUtcNow()) is { } view) _events.TryWrite(view);
        });
    }

    public static Props Props(ChannelWriter<ClusterEventView> events, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new ClusterEventForwarder(events, clock));

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.LeaderChanged));

    protected override void PostStop()
    {
        Cluster.Get(Context.System).Unsubscribe(Self);
        _events.TryComplete();
    }
}
