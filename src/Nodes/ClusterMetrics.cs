using System.Diagnostics.Metrics;
using Streaming.Queries;

namespace Streaming.Nodes;

/// <summary>
/// Cluster membership as this node sees it, for /metrics: the alert on unreachable members (deploy/prometheus/alerts.yml)
/// and the cluster dashboard read these. Nothing is measured before the actor system started (<see cref="Attach"/>).
/// </summary>
public sealed class ClusterMetrics
{
    private volatile IClusterAdmin? _admin;

    public ClusterMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create("Streaming.Cluster");
        meter.CreateObservableGauge("streaming_cluster_unreachable_members",
            () => View() is { } view ? [new Measurement<int>(view.Members.Count(m => !m.Reachable))] : Array.Empty<Measurement<int>>(),
            description: "Members this node's failure detector marks unreachable (the split-brain resolver downs them unless they come back)");
        meter.CreateObservableGauge("streaming_cluster_members",
            () => View() is { } view
                ? view.Members.GroupBy(m => m.Status, StringComparer.Ordinal).Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("status", g.Key)))
                : [],
            description: "Members of the cluster as this node sees them, by status (Joining, Up, Leaving, Exiting, Down, ...)");
    }

    /// <summary>The actor system runs: from now on the gauges read its membership.</summary>
    public void Attach(IClusterAdmin admin) => _admin = admin;

    private ClusterView? View() => _admin?.View();
}
