using System.Net;
using System.Text.Json;
using Akka.Cluster;

namespace Akka.Http.Shim.Tests;

/// <summary>Two nodes form one cluster through Cluster Bootstrap, contact points from config discovery, probed over the shim's HTTP.</summary>
public sealed class ClusterBootstrapTests
{
    // One loopback address per node: bootstrap keeps one contact point per host (the one on the fallback port).
    private const string FirstHost = "127.0.0.1";
    private const string SecondHost = "127.0.0.2";

    [Fact]
    public async Task Two_nodes_on_their_own_addresses_bootstrap_one_cluster_with_both_up()
    {
        var firstPorts = ManagedNode.Fresh(FirstHost);
        var secondPorts = ManagedNode.Fresh(SecondHost);
        string[] contactPoints = [$"{FirstHost}:{firstPorts.Management}", $"{SecondHost}:{secondPorts.Management}"];

        await using var first = await ManagedNode.StartAsync(FirstHost, contactPoints, ports: firstPorts);
        await using var second = await ManagedNode.StartAsync(SecondHost, contactPoints, ports: secondPorts);

        // Neither node was told to join anything: the members below exist only if bootstrap probed both contact points.
        await Task.WhenAll(WaitForUpMembers(first, 2), WaitForUpMembers(second, 2));
        var expected = new[] { first.Cluster.SelfAddress, second.Cluster.SelfAddress }.Order().ToArray();
        Assert.Equal(expected, UpMembers(first));
        Assert.Equal(expected, UpMembers(second));

        using var client = new HttpClient { DefaultRequestHeaders = { ConnectionClose = true } };
        using var response = await client.GetAsync(second.ManagementUri("/bootstrap/seed-nodes"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var advertised = body.RootElement.GetProperty("Nodes").EnumerateArray()
            .Select(n => n.GetProperty("Node").GetProperty("Host").GetString()!).Order().ToArray();
        Assert.Equal(new[] { FirstHost, SecondHost }, advertised);
    }

    private static Akka.Actor.Address[] UpMembers(ManagedNode node) =>
        [.. node.Cluster.State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address).Order()];

    /// <summary>Waits (bounded, so a broken bootstrap fails instead of hanging) until <paramref name="node"/> sees <paramref name="count"/> members up.</summary>
    private static async Task WaitForUpMembers(ManagedNode node, int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (UpMembers(node).Length < count)
            await Task.Delay(TimeSpan.FromMilliseconds(200), limit.Token);
    }
}
