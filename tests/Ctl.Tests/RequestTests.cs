using static Streaming.Ctl.Tests.CannedNode;

namespace Streaming.Ctl.Tests;

/// <summary>What streaming-ctl sends: each verb's endpoint, the node's address and the API key from options or the environment.</summary>
public sealed class RequestTests
{
    public static TheoryData<string[], string> Endpoints => new()
    {
        { ["health"], "GET /health/" },
        { ["status"], "GET /api/v1/examples/streaming-status" },
        { ["topics"], "GET /api/v1/streaming/topics" },
        { ["metrics"], "GET /api/v1/analytics/processing-metrics" },
        { ["cluster", "show"], "GET /api/v1/admin/cluster" },
        { ["cluster", "leave", "akka.tcp://streaming@10.0.0.5:4053"], "POST /api/v1/admin/cluster/leave?address=akka.tcp%3A%2F%2Fstreaming%4010.0.0.5%3A4053" },
        { ["cluster", "down", "akka.tcp://streaming@10.0.0.5:4053"], "POST /api/v1/admin/cluster/down?address=akka.tcp%3A%2F%2Fstreaming%4010.0.0.5%3A4053" },
        { ["cluster", "down-unreachable"], "POST /api/v1/admin/cluster/down-unreachable" },
        { ["sharding", "regions"], "GET /api/v1/admin/sharding/regions" },
        { ["sharding", "region-stats", "user-session"], "GET /api/v1/admin/sharding/user-session/region-stats" },
        { ["sharding", "shard-stats", "user-session"], "GET /api/v1/admin/sharding/user-session/shard-stats" },
        { ["partitions"], "GET /api/v1/admin/partitions" },
        { ["session", "u/1"], "GET /api/v1/analytics/users/u%2F1/session" },
        { ["alerts", "u1"], "GET /api/v1/analytics/users/u1/alerts" },
        { ["windows", "p 7"], "GET /api/v1/analytics/products/p%207/windows" },
        { ["state", "reset"], "POST /api/v1/admin/state/reset" },
        { ["state", "reset", "--topic", "user_events", "--partition", "0"], "POST /api/v1/admin/state/reset?topic=user_events&partition=0" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Each_verb_asks_its_endpoint_and_shows_an_empty_answer_without_failing(string[] args, string request)
    {
        await using var node = new CannedNode(_ => Reply.Json("{}"));
        var run = await Run.Of([.. args, "--url", node.Url]);
        Assert.True(run.Code == 0, run.Err);
        var received = Assert.Single(node.Requests);
        Assert.Equal(request, $"{received.Method} {received.PathAndQuery}");
    }

    [Theory]
    [InlineData(new[] { "tail", "user_events" }, "/api/v1/streaming/topics/user_events/tail")]
    [InlineData(new[] { "tail", "user_events", "--from-beginning", "--key", "u 1", "--count", "2" }, "/api/v1/streaming/topics/user_events/tail?from_beginning=true&key=u%201&limit=2")]
    [InlineData(new[] { "cluster", "tail", "--count", "1" }, "/api/v1/admin/cluster/events")]
    public async Task Tails_ask_their_event_stream(string[] args, string path)
    {
        await using var node = new CannedNode(_ => Reply.Events([], close: true));
        await Run.Of([.. args, "--url", node.Url]);
        var received = Assert.Single(node.Requests);
        Assert.Equal(("GET", path), (received.Method, received.PathAndQuery));
        Assert.Contains("text/event-stream", received.Accept, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_key_comes_from_the_option_else_the_environment_and_is_sent_as_x_api_key()
    {
        await using var node = new CannedNode(_ => Reply.Json("{}"));
        await Run.With(Run.Host(), ["partitions", "--url", node.Url]);
        await Run.With(Run.Host(("STREAMING_API_KEY", "from-env")), ["partitions", "--url", node.Url]);
        await Run.With(Run.Host(("STREAMING_API_KEY", "from-env")), ["partitions", "--url", node.Url, "--api-key", "from-option"]);
        Assert.Equal([null, "from-env", "from-option"], node.Requests.Select(r => r.ApiKey));
    }

    [Fact]
    public async Task The_node_comes_from_the_option_else_the_environment_and_may_sit_under_a_path()
    {
        await using var node = new CannedNode(_ => Reply.Json("{}"));
        await using var other = new CannedNode(_ => Reply.Json("{}"));
        Assert.Equal(0, (await Run.With(Run.Host(("STREAMING_URL", node.Url)), ["topics"])).Code);
        Assert.Equal(0, (await Run.With(Run.Host(("STREAMING_URL", other.Url)), ["topics", "--url", node.Url + "/streaming"])).Code);
        Assert.Equal(["/api/v1/streaming/topics", "/streaming/api/v1/streaming/topics"], node.Requests.Select(r => r.PathAndQuery));
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task Without_url_or_environment_the_node_is_localhost_8888()
    {
        var refusing = new Refusing();
        var run = await Run.With(Run.Host() with { Handler = () => refusing }, ["topics"]);
        Assert.Equal(2, run.Code);
        Assert.StartsWith("Cannot reach a Streaming node at http://localhost:8888: connection refused.", run.Err, StringComparison.Ordinal);
        Assert.Equal(new Uri("http://localhost:8888/api/v1/streaming/topics"), refusing.Asked);
    }

    [Fact]
    public async Task With_json_the_answer_is_the_nodes_json_as_it_is()
    {
        const string body = """{"topics":[{"name":"user_events","partitions":6}],"count":1}""";
        await using var node = new CannedNode(_ => Reply.Json(body));
        var run = await Run.Of("topics", "--json", "--url", node.Url);
        Assert.Equal(body + "\n", run.Out);
    }

    [Fact]
    public async Task Tables_are_coloured_only_on_a_terminal_that_did_not_ask_for_no_colour_and_never_with_json()
    {
        const string body = """{"members":[{"address":"a","status":"Up","roles":[],"reachable":false}]}""";
        await using var node = new CannedNode(_ => Reply.Json(body));
        var terminal = Run.Host() with { OutputIsTerminal = true };
        Assert.Contains('\u001b', (await Run.With(terminal, ["cluster", "show", "--url", node.Url])).Out);
        Assert.DoesNotContain('\u001b', (await Run.With(Run.Host(), ["cluster", "show", "--url", node.Url])).Out);
        Assert.DoesNotContain('\u001b', (await Run.With(Run.Host(("NO_COLOR", "1")) with { OutputIsTerminal = true }, ["cluster", "show", "--url", node.Url])).Out);
        Assert.Equal(body + "\n", (await Run.With(terminal, ["cluster", "show", "--json", "--url", node.Url])).Out);
    }

    [Fact]
    public async Task A_state_reset_shows_progress_on_a_terminal_and_nothing_when_standard_error_is_redirected()
    {
        await using var node = new CannedNode(_ => Reply.Json("""{"reset":["user_events-0"],"refused":[]}""") with { Delay = TimeSpan.FromMilliseconds(600) });
        var watched = await Run.With(Run.Host() with { ErrorIsTerminal = true }, ["state", "reset", "--url", node.Url]);
        Assert.Equal(0, watched.Code);
        Assert.Contains("Resetting stored state", watched.Err, StringComparison.Ordinal);
        Assert.EndsWith("\r", watched.Err, StringComparison.Ordinal); // the line is erased before the answer is shown
        Assert.Equal("Reset the stored state of 1 partition: user_events-0. They start from fresh state.\n", watched.Out);

        var redirected = await Run.With(Run.Host(), ["state", "reset", "--url", node.Url]);
        Assert.Equal("", redirected.Err);
    }

    /// <summary>Refuses every connection, remembering where it was asked to connect.</summary>
    private sealed class Refusing : HttpMessageHandler
    {
        public Uri? Asked { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Asked = request.RequestUri;
            throw new HttpRequestException("Connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        }
    }
}
