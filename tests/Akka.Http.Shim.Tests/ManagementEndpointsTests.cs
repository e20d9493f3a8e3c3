using System.Net;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Akka.Management.Dsl;

namespace Akka.Http.Shim.Tests;

/// <summary>One node with Akka.Management, shared by the tests of <see cref="ManagementEndpointsTests"/> (they only read from it).</summary>
public sealed class ManagementNodeFixture : IAsyncLifetime
{
    public const string Host = "127.0.0.1";

    public ManagedNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Started here rather than automatically: an automatic start runs in the background, and a Start() that races
        // it returns at once with null instead of waiting for the bind.
        Node = await ManagedNode.StartAsync(Host, autoStartManagement: false);
        await AkkaManagement.Get(Node.System).Start();
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Node.Cluster.RegisterOnMemberUp(() => up.TrySetResult());
        Node.Cluster.Join(Node.Cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>Akka.Management 1.5.73 started through Akka.Hosting serves its HTTP endpoints through the shim.</summary>
public sealed class ManagementEndpointsTests(ManagementNodeFixture fixture) : IClassFixture<ManagementNodeFixture>, IDisposable
{
    private const string Host = ManagementNodeFixture.Host;
    private readonly ManagedNode _node = fixture.Node;
    private readonly HttpClient _client = new() { DefaultRequestHeaders = { ConnectionClose = true } };

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Start_reports_the_management_endpoint_it_bound()
    {
        var uri = await AkkaManagement.Get(_node.System).Start();
        Assert.NotNull(uri);
        Assert.Equal(Host, uri.Host);
        Assert.Equal(_node.ManagementPort, uri.Port);
    }

    [Fact]
    public async Task Remote_address_returns_the_node_remoting_address()
    {
        using var response = await _client.GetAsync(_node.ManagementUri("/remote/address"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"akka.tcp://{ManagedNode.SystemName}@{Host}:{_node.RemotingPort}", body.RootElement.GetProperty("Address").GetString());
    }

    [Fact]
    public async Task Seed_nodes_returns_the_node_itself_and_its_up_members()
    {
        using var response = await _client.GetAsync(_node.ManagementUri("/bootstrap/seed-nodes"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var self = _node.Cluster.SelfUniqueAddress;
        Assert.Equal(self.Address, AddressOf(body.RootElement.GetProperty("SelfNode")));
        var member = Assert.Single(body.RootElement.GetProperty("Nodes").EnumerateArray());
        Assert.Equal(self.Address, AddressOf(member.GetProperty("Node")));
        Assert.Equal(self.Uid, member.GetProperty("NodeUid").GetInt64());
        Assert.Equal((int)MemberStatus.Up, member.GetProperty("Status").GetInt32());
    }

    private static Address AddressOf(JsonElement node) =>
        new(node.GetProperty("Protocol").GetString()!, node.GetProperty("System").GetString()!,
            node.GetProperty("Host").GetString(), node.GetProperty("Port").GetInt32());

    [Fact]
    public async Task Cluster_client_receptionist_returns_the_receptionist_path()
    {
        using var response = await _client.GetAsync(_node.ManagementUri("/cluster-client/receptionist"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"{_node.Cluster.SelfAddress}/system/receptionist", body.RootElement.GetProperty("ReceptionistPath").GetString());
    }

    [Fact]
    public async Task A_method_the_routes_do_not_serve_and_an_unknown_path_get_404()
    {
        using var post = await _client.PostAsync(_node.ManagementUri("/remote/address"), new StringContent(""));
        using var unknown = await _client.GetAsync(_node.ManagementUri("/no/such/route"));

        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
