using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Configuration;
using Akka.Http.Dsl;
using Akka.Http.Dsl.Settings;
using CeenStatus = Ceen.HttpStatusCode;

namespace Akka.Http.Shim.Tests;

/// <summary>The server the shim binds through Ceen, with routes of its own, answering real HTTP requests.</summary>
public sealed class HttpServerTests : IAsyncLifetime, IDisposable
{
    private const string Host = "127.0.0.1";
    private ActorSystem _system = null!;

    // Connection: close, so no idle keep-alive connection holds a server's termination open.
    private readonly HttpClient _client = new() { DefaultRequestHeaders = { ConnectionClose = true } };

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("shim-http", "akka.loglevel = WARNING");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.Terminate();

    public void Dispose() => _client.Dispose();

    private Task<ServerBinding> Bind(int port, params (string, HttpModuleBase)[] routes) =>
        _system.Http().NewServerAt(Host, port).Bind(routes);

    private static Uri At(ServerBinding binding, string path) => new($"http://{binding.LocalAddress}{path}");

    [Fact]
    public async Task A_route_answers_with_its_status_and_json_body()
    {
        var binding = await Bind(FreePorts.On(Host), ("/items", new JsonRoute(CeenStatus.Created, """{"id":7}""")));

        using var response = await _client.GetAsync(At(binding, "/items"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"id":7}""", await response.Content.ReadAsStringAsync());
        await binding.Terminate(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Routes_are_tried_in_order_and_a_declining_route_lets_the_next_match_answer()
    {
        var declining = new DecliningRoute();
        var binding = await Bind(FreePorts.On(Host),
            ("/a", declining),
            ("/a", new JsonRoute(CeenStatus.OK, "\"second\"")),
            ("/a", new JsonRoute(CeenStatus.OK, "\"third\"")),
            ("*", new JsonRoute(CeenStatus.OK, "\"catch-all\"")));

        Assert.Equal("\"second\"", await _client.GetStringAsync(At(binding, "/a")));
        Assert.Equal("\"catch-all\"", await _client.GetStringAsync(At(binding, "/b?q=/a")));
        Assert.Equal(1, declining.Calls);
        await binding.Terminate(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_path_no_route_answers_gets_404()
    {
        var binding = await Bind(FreePorts.On(Host), ("/a", new DecliningRoute()), ("/b", new JsonRoute(CeenStatus.OK, "1")));

        using var declined = await _client.GetAsync(At(binding, "/a"));
        using var unmatched = await _client.GetAsync(At(binding, "/c"));

        Assert.Equal(HttpStatusCode.NotFound, declined.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unmatched.StatusCode);
        await binding.Terminate(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_failing_route_gets_500_and_the_server_keeps_serving()
    {
        var binding = await Bind(FreePorts.On(Host), ("/fail", new FailingRoute()), ("/ok", new JsonRoute(CeenStatus.OK, "true")));

        using var failed = await _client.GetAsync(At(binding, "/fail"));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("true", await _client.GetStringAsync(At(binding, "/ok")));
        await binding.Terminate(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_route_sees_the_actor_system_and_the_request()
    {
        var binding = await Bind(FreePorts.On(Host), ("/echo/*", new EchoRoute()));

        using var response = await _client.PostAsync(At(binding, "/echo/x?y=1"), new StringContent("body"));

        Assert.Equal("shim-http POST /echo/x", await response.Content.ReadAsStringAsync());
        await binding.Terminate(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_server_header_comes_from_the_settings_and_empty_sends_none()
    {
        var named = await Bind(FreePorts.On(Host), ("/", new JsonRoute(CeenStatus.OK, "1")));
        var silentSettings = ServerSettings.Create(ConfigurationFactory.ParseString("akka.http.server.server-header = \"\""));
        var silent = await _system.Http().NewServerAt(Host, FreePorts.On(Host)).WithSettings(silentSettings)
            .Bind([("/", new JsonRoute(CeenStatus.OK, "1"))]);

        using var namedResponse = await _client.GetAsync(At(named, "/"));
        using var silentResponse = await _client.GetAsync(At(silent, "/"));

        Assert.Equal("akka-http/1.0", string.Join(" ", namedResponse.Headers.GetValues("Server")));
        Assert.False(silentResponse.Headers.Contains("Server"));
        await named.Terminate(TimeSpan.FromSeconds(10));
        await silent.Terminate(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Port_zero_binds_a_free_port_and_reports_it()
    {
        var binding = await Bind(0, ("/", new JsonRoute(CeenStatus.OK, "1")));

        var bound = Assert.IsType<IPEndPoint>(binding.LocalAddress);
        Assert.NotEqual(0, bound.Port);
        Assert.Equal("1", await _client.GetStringAsync(At(binding, "/")));
        await binding.Terminate(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Binding_a_port_in_use_fails_naming_the_endpoint()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Bind(port, ("/", new JsonRoute(CeenStatus.OK, "1"))));

        Assert.Contains($"{Host}:{port}", error.Message, StringComparison.Ordinal);
        Assert.IsType<SocketException>(error.InnerException);
    }

    [Fact]
    public async Task Terminate_stops_the_server_and_reports_it()
    {
        var binding = await Bind(FreePorts.On(Host), ("/", new JsonRoute(CeenStatus.OK, "1")));
        Assert.Equal("1", await _client.GetStringAsync(At(binding, "/")));

        var outcome = await binding.Terminate(TimeSpan.FromSeconds(30));

        Assert.Same(HttpServerTerminated.Instance, outcome);
        Assert.Same(outcome, await binding.WhenTerminated);
        Assert.Equal(TimeSpan.FromSeconds(30), await binding.WhenTerminationSignalIssued);
        Assert.Same(outcome, await binding.Terminate(TimeSpan.FromSeconds(1)));
        await AssertRefused(binding);
    }

    [Fact]
    public async Task Coordinated_shutdown_of_the_actor_system_stops_the_server()
    {
        var system = ActorSystem.Create("shim-shutdown", "akka.loglevel = WARNING");
        var binding = await system.Http().NewServerAt(Host, FreePorts.On(Host)).Bind([("/", new EchoRoute())]);
        Assert.Equal("shim-shutdown GET /", await _client.GetStringAsync(At(binding, "/")));

        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ActorSystemTerminateReason.Instance);

        Assert.True(binding.WhenTerminated.IsCompletedSuccessfully);
        await AssertRefused(binding);
    }

    [Fact]
    public async Task BindAndHandleAsync_binds_the_given_host_and_port()
    {
        var port = FreePorts.On(Host);
        var binding = await _system.Http().BindAndHandleAsync([("/", new EchoRoute())], Host, port);

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, port), binding.LocalAddress);
        Assert.Equal("shim-http GET /", await _client.GetStringAsync(At(binding, "/")));
        await binding.Terminate(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_route_served_by_ceen_directly_is_refused_because_it_needs_the_actor_system()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => new EchoRoute().HandleAsync((Ceen.IHttpContext)null!));
        Assert.Contains("EchoRoute", error.Message, StringComparison.Ordinal);
    }

    private static async Task AssertRefused(ServerBinding binding)
    {
        using var probe = new TcpClient();
        var error = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync((IPEndPoint)binding.LocalAddress));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }
}
