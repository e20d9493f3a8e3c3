using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Discovery.Config.Hosting;
using Akka.Hosting;
using Akka.Management;
using Akka.Management.Cluster.Bootstrap;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akka.Http.Shim.Tests;

/// <summary>
/// A node as the product would run it: Akka.Hosting in a generic host, remoting and cluster, Akka.Management
/// serving HTTP through the shim, optionally Cluster Bootstrap over config discovery.
/// </summary>
public sealed class ManagedNode : IAsyncDisposable
{
    public const string SystemName = "streaming";
    public const string ServiceName = "streaming";

    private readonly IHost _host;

    private ManagedNode(string host, int remotingPort, int managementPort, IHost built)
    {
        Host = host;
        RemotingPort = remotingPort;
        ManagementPort = managementPort;
        _host = built;
    }

    public string Host { get; }
    public int RemotingPort { get; }
    public int ManagementPort { get; }
    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();
    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);
    public Uri ManagementUri(string path) => new($"http://{Host}:{ManagementPort}{path}");

    /// <summary>
    /// A started node on <paramref name="host"/> with fresh ports; with <paramref name="contactPoints"/>, it bootstraps its
    /// cluster from them (<paramref name="ports"/> then names the ports the contact points give). Without <paramref name="autoStartManagement"/> the caller starts the management endpoint.
    /// </summary>
    public static async Task<ManagedNode> StartAsync(string host, IReadOnlyList<string>? contactPoints = null, bool autoStartManagement = true, (int Remoting, int Management)? ports = null)
    {
        var (remotingPort, managementPort) = ports ?? Fresh(host);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAkka(SystemName, (akka, _) =>
        {
            akka.ConfigureLoggers(loggers => loggers.LogLevel = Akka.Event.LogLevel.WarningLevel)
                .WithRemoting(host, remotingPort)
                .WithClustering()
                .WithAkkaManagement(hostName: host, port: managementPort, bindHostname: host, bindPort: managementPort, autoStart: autoStartManagement);
            if (contactPoints is not null)
            {
                akka.WithClusterBootstrap(options =>
                    {
                        options.ContactPointDiscovery.ServiceName = ServiceName;
                        options.ContactPointDiscovery.RequiredContactPointsNr = contactPoints.Count;
                        // Shorter than the defaults (5 s, 1 s) only so the test forms its cluster sooner.
                        options.ContactPointDiscovery.StableMargin = TimeSpan.FromSeconds(2);
                        options.ContactPointDiscovery.Interval = TimeSpan.FromMilliseconds(500);
                        options.ContactPoint.ProbeInterval = TimeSpan.FromMilliseconds(500);
                    }, autoStart: true)
                    .WithConfigDiscovery(options => options.Services = [new Service { Name = ServiceName, Endpoints = [.. contactPoints] }]);
            }
        });
        var built = builder.Build();
        await built.StartAsync();
        return new ManagedNode(host, remotingPort, managementPort, built);
    }

    public static (int Remoting, int Management) Fresh(string host)
    {
        var ports = FreePorts.On(host, 2);
        return (ports[0], ports[1]);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
