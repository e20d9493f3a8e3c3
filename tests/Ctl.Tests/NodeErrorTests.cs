using static Streaming.Ctl.Tests.CannedNode;

namespace Streaming.Ctl.Tests;

/// <summary>How the node's error answers and its absence map to exit codes and messages.</summary>
public sealed class NodeErrorTests
{
    private static async Task<Run> Against(Reply reply, params string[] args)
    {
        await using var node = new CannedNode(_ => reply);
        return await Run.Of([.. args, "--url", node.Url]);
    }

    [Fact]
    public async Task A_validation_problem_exits_1_with_its_title_detail_and_each_fields_message()
    {
        var run = await Against(Reply.Problem("""
            {"type":"https://streaming.dev/problems/validation","title":"Invalid request","status":400,"detail":"Nothing was changed.",
             "errors":{"address":["'akka.tcp://streaming@127.0.0.9:1' is not a member; `streaming-ctl cluster show` lists the members"]}}
            """, 400), "cluster", "down", "akka.tcp://streaming@127.0.0.9:1");
        Assert.Equal(1, run.Code);
        Assert.Equal("", run.Out);
        Assert.Equal(
            [
                "Invalid request (400): Nothing was changed.",
                "  address: 'akka.tcp://streaming@127.0.0.9:1' is not a member; `streaming-ctl cluster show` lists the members",
            ], run.ErrorLines);
    }

    [Fact]
    public async Task A_problem_exits_1_with_its_title_and_detail_and_the_node_json_as_is_with_json()
    {
        const string body = """{"type":"https://streaming.dev/problems/not-found","title":"No session","status":404,"detail":"'u9' has no session to show."}""";
        var run = await Against(Reply.Problem(body, 404), "session", "u9");
        Assert.Equal(1, run.Code);
        Assert.Equal(["No session (404): 'u9' has no session to show."], run.ErrorLines);

        var json = await Against(Reply.Problem(body, 404), "session", "u9", "--json");
        Assert.Equal(1, json.Code);
        Assert.Equal(body + "\n", json.Out);
    }

    [Fact]
    public async Task A_refused_state_reset_names_why_and_what_was_reset_anyway()
    {
        var run = await Against(Reply.Problem("""
            {"type":"https://streaming.dev/problems/state-in-use","title":"Partitions being processed","status":409,
             "detail":"user_events-0 is being processed by node akka.tcp://streaming@10.0.0.6:4053","reset":["user_events-1"],
             "refused":[{"partition_id":"user_events-0","reason":"user_events-0 is being processed by node akka.tcp://streaming@10.0.0.6:4053"}]}
            """, 409), "state", "reset", "--topic", "user_events");
        Assert.Equal(1, run.Code);
        Assert.Equal(
            [
                "Partitions being processed (409): user_events-0 is being processed by node akka.tcp://streaming@10.0.0.6:4053",
                "  reset: user_events-1",
            ], run.ErrorLines);
    }

    [Fact]
    public async Task Without_a_key_the_message_names_api_key_and_its_variable()
    {
        var run = await Against(Reply.Problem("""{"title":"API key required","status":401,"detail":"This endpoint needs the configured API key in the X-API-Key header."}""", 401),
            "cluster", "show");
        Assert.Equal(1, run.Code);
        Assert.Equal("API key required (401): This endpoint needs the configured API key in the X-API-Key header. "
            + "Pass the gateway's API key with --api-key or set STREAMING_API_KEY.", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task With_a_wrong_key_the_message_names_api_key_its_variable_and_how_to_get_the_hash()
    {
        var run = await Against(new Reply(403, "text/plain", ""), "partitions", "--api-key", "wrong");
        Assert.Equal(1, run.Code);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("The node refused the API key (403).", line, StringComparison.Ordinal);
        foreach (var mention in new[] { "--api-key", "STREAMING_API_KEY", "Streaming__Gateway__ApiKeys", "streaming-ctl apikey hash <key>" })
            Assert.Contains(mention, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unavailable_node_says_when_to_retry()
    {
        var run = await Against(Reply.Problem("""{"title":"Kafka unavailable","status":503,"detail":"Kafka metadata is unavailable: timed out"}""", 503)
            with { Headers = new Dictionary<string, string> { ["Retry-After"] = "5" } }, "topics");
        Assert.Equal(1, run.Code);
        Assert.Equal("Kafka unavailable (503): Kafka metadata is unavailable: timed out Retry in 5 s.", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task An_error_without_a_problem_document_exits_1_saying_what_was_asked()
    {
        var run = await Against(new Reply(500, "text/html", "<html>boom</html>"), "topics");
        Assert.Equal(1, run.Code);
        Assert.Equal("The node answered 500 Internal Server Error to GET /api/v1/streaming/topics: its log says why.", Assert.Single(run.ErrorLines));
    }

    [Theory]
    [InlineData("")]
    [InlineData("""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404,"traceId":"00-1f"}""")]
    public async Task A_missing_endpoint_suggests_an_older_node_or_a_wrong_url(string body)
    {
        await using var node = new CannedNode(_ => Reply.Problem(body, 404));
        var run = await Run.Of("sharding", "regions", "--url", node.Url);
        Assert.Equal(1, run.Code);
        Assert.Equal($"The node at {node.Url} has no GET /api/v1/admin/sharding/regions (404): check that --url is a Streaming gateway as new as this streaming-ctl.",
            Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task An_answer_that_is_not_json_exits_2()
    {
        await using var node = new CannedNode(_ => new Reply(200, "text/html", "<html>a router's login page</html>"));
        var run = await Run.Of("cluster", "show", "--url", node.Url);
        Assert.Equal(2, run.Code);
        Assert.Equal($"The answer of {node.Url} to GET /api/v1/admin/cluster is not the JSON a Streaming gateway sends: check --url, or pass --json to see it as it is.",
            Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task An_unhealthy_node_shows_its_report_and_exits_1()
    {
        var run = await Against(Reply.Json("""{"status":"unhealthy","checked_at":"2026-10-02T14:00:05Z","dependencies":{"kafka":{"status":"down","detail":"no brokers in metadata"}}}""", 503),
            "health");
        Assert.Equal(1, run.Code);
        Assert.Contains("kafka       down    no brokers in metadata", run.Out, StringComparison.Ordinal);
        Assert.Equal("The node is unhealthy (503): a dependency it needs is down; start it or check the node's configuration.", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task A_closed_port_exits_2_with_one_line_saying_how_to_start_a_node()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var run = await Run.Of("cluster", "show", "--url", url);
        Assert.Equal(2, run.Code);
        Assert.Equal("", run.Out);
        Assert.Equal($"Cannot reach a Streaming node at {url}: connection refused. Start one with 'dotnet run --project src/Nodes' or pass --url.",
            Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task A_tail_against_a_closed_port_exits_2_the_same_way()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var run = await Run.Of("cluster", "tail", "--url", url);
        Assert.Equal(2, run.Code);
        Assert.StartsWith($"Cannot reach a Streaming node at {url}: connection refused.", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_that_does_not_answer_in_time_exits_2()
    {
        await using var node = new CannedNode(_ => Reply.Json("{}") with { Delay = TimeSpan.FromSeconds(5) });
        var run = await Run.With(Run.Host() with { RequestTimeout = TimeSpan.FromMilliseconds(300) }, ["topics", "--url", node.Url]);
        Assert.Equal(2, run.Code);
        Assert.Equal($"The node at {node.Url} did not answer within 0.3 s: check that it is running and not overloaded (streaming-ctl health), or pass --url.",
            Assert.Single(run.ErrorLines));
    }
}
