using System.Globalization;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Discovery.Config.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management;
using Akka.Management.Cluster.Bootstrap;

namespace Streaming.Nodes;

/// <summary>
/// How a node joins its cluster (<see cref="NodeClusterOptions.Formation"/>): static seed nodes, or Akka.Management's
/// cluster bootstrap over config discovery (local processes) or the Kubernetes API (pods). Every formation runs the
/// keep-majority split-brain resolver (no lease package is served here): a side with fewer than half the members
/// downs itself, so a killed node's partitions and shards move to the others after <see cref="NodeClusterOptions.StableAfter"/>.
/// </summary>
public static class ClusterFormation
{
    public static AkkaConfigurationBuilder WithClusterFormation(this AkkaConfigurationBuilder builder, NodeClusterOptions cluster)
    {
        var bootstrap = cluster.Formation != "seeds";
        builder.WithClustering(new ClusterOptions
        {
            Roles = [.. cluster.EffectiveRoles],
            SeedNodes = bootstrap ? [] : cluster.SeedNodes,
            SplitBrainResolver = new KeepMajorityOption(),
        });
        builder.AddHocon($"akka.cluster.split-brain-resolver.stable-after = {(int)cluster.StableAfter.TotalMilliseconds}ms", HoconAddMode.Prepend);
        if (!bootstrap) return builder;

        builder.WithAkkaManagement(hostName: cluster.Hostname, port: cluster.ManagementPort, bindHostname: cluster.Hostname, bindPort: cluster.ManagementPort);
        if (cluster.Formation == "config")
        {
            builder.WithClusterBootstrap(options =>
                {
                    options.ContactPointDiscovery.ServiceName = cluster.ServiceName;
                    options.ContactPointDiscovery.RequiredContactPointsNr = cluster.ContactPoints.Length;
                    options.ContactPointDiscovery.StableMargin = TimeSpan.FromSeconds(2);
                    options.ContactPointDiscovery.Interval = TimeSpan.FromSeconds(1);
                    options.ContactPoint.ProbeInterval = TimeSpan.FromSeconds(1);
                }, autoStart: true)
                .WithConfigDiscovery(options => options.Services =
                    [new Service { Name = cluster.ServiceName, Endpoints = [.. cluster.ContactPoints] }]);
        }
        else
        {
            builder.WithClusterBootstrap(options =>
                {
                    options.ContactPointDiscovery.ServiceName = cluster.ServiceName;
                    options.ContactPointDiscovery.PortName = "management";
                    options.ContactPointDiscovery.RequiredContactPointsNr = cluster.RequiredContactPoints;
                }, autoStart: true)
                .WithKubernetesDiscovery(options =>
                    options.PodLabelSelector = string.Format(CultureInfo.InvariantCulture, cluster.PodLabelSelector, cluster.ServiceName));
        }
        return builder;
    }
}
