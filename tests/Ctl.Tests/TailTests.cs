using static Streaming.Ctl.Tests.CannedNode;

namespace Streaming.Ctl.Tests;

/// <summary>The tail verbs over a real event stream: one line per event as it arrives, and how they stop.</summary>
public sealed class TailTests
{
    private const string Joined = """{"type":"member_joined","address":"akka.tcp://streaming@10.0.0.7:4053","status":"Joining","roles":["processor"],"at":"2026-10-02T14:00:01Z"}""";
    private const string Up = """{"type":"member_up","address":"akka.tcp://streaming@10.0.0.7:4053","status":"Up","roles":["processor"],"at":"2026-10-02T14:00:02Z"}""";
    private const string Leader = """{"type":"leader_changed","address":"akka.tcp://streaming@10.0.0.5:4053","status":null,"roles":[],"at":"2026-10-02T14:00:03Z"}""";

    [Fact]
    public async Task Cluster_tail_prints_one_line_per_membership_event_and_stops_after_count()
    {
        // Messages cut mid-line across writes, with keep-alive comments between them.
        var stream = $"event: member\ndata: {Joined}\n\n: keep-alive\n\nevent: member\ndata: {Up}\n\nevent: member\ndata: {Leader}\n\n";
        await using var node = new CannedNode(_ => Reply.Events([stream[..20], stream[20..75], stream[75..200], stream[200..]]));
        var run = await Run.Of("cluster", "tail", "--count", "2", "--url", node.Url);
        Assert.Equal(0, run.Code);
        Assert.Equal(
            """
            2026-10-02 14:00:01  member_joined     akka.tcp://streaming@10.0.0.7:4053  Joining  [processor]
            2026-10-02 14:00:02  member_up         akka.tcp://streaming@10.0.0.7:4053  Up  [processor]

            """, run.Out);
        Assert.Equal("", run.Err);
    }

    [Fact]
    public async Task With_json_each_event_is_one_json_document_on_one_line_even_when_sent_over_several()
    {
        var stream = "event: record\ndata: {\"topic\":\"user_events\",\ndata:  \"partition\":0, \"offset\":5}\n\n"
            + "event: record\ndata: {\"topic\":\"user_events\",\"partition\":1,\"offset\":9}\n\n";
        await using var node = new CannedNode(_ => Reply.Events([stream], close: true));
        var run = await Run.Of("tail", "user_events", "--json", "--count", "2", "--url", node.Url);
        Assert.Equal(0, run.Code);
        Assert.Equal("""
            {"topic":"user_events","partition":0,"offset":5}
            {"topic":"user_events","partition":1,"offset":9}

            """, run.Out);
    }

    [Fact]
    public async Task Events_of_other_types_are_not_shown()
    {
        var stream = $"event: heartbeat\ndata: {{}}\n\nevent: member\ndata: {Up}\n\n";
        await using var node = new CannedNode(_ => Reply.Events([stream]));
        var run = await Run.Of("cluster", "tail", "--count", "1", "--json", "--url", node.Url);
        Assert.Equal(Up + "\n", run.Out);
    }

    [Fact]
    public async Task Ctrl_c_ends_a_tail_without_count_cleanly()
    {
        await using var node = new CannedNode(_ => Reply.Events([$"event: member\ndata: {Up}\n\n"]));
        using var interrupt = new CancellationTokenSource();
        using var output = new FirstLine();
        using var error = new StringWriter();
        var running = CtlApp.RunAsync(["cluster", "tail", "--json", "--url", node.Url], output, error, Run.Host(), interrupt.Token);
        await output.Written.WaitAsync(TimeSpan.FromSeconds(10));
        await interrupt.CancelAsync();
        Assert.Equal(0, await running);
        Assert.Equal(Up + "\n", output.ToString());
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task A_stream_the_node_ends_before_count_exits_1_saying_how_many_events_came()
    {
        await using var node = new CannedNode(_ => Reply.Events([$"event: member\ndata: {Up}\n\n"], close: true));
        var run = await Run.Of("cluster", "tail", "--count", "5", "--url", node.Url);
        Assert.Equal(1, run.Code);
        Assert.Equal($"The node at {node.Url} ended the stream after 1 event: it may be stopping; 'streaming-ctl health' tells.", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task An_unknown_topic_is_the_nodes_problem_exit_1()
    {
        await using var node = new CannedNode(_ => Reply.Problem("""
            {"type":"https://streaming.dev/problems/validation","title":"Invalid request","status":404,"detail":"No such topic.","errors":{"name":["'nope' is not a topic"]}}
            """, 404));
        var run = await Run.Of("tail", "nope", "--url", node.Url);
        Assert.Equal(1, run.Code);
        Assert.Equal(["Invalid request (404): No such topic.", "  name: 'nope' is not a topic"], run.ErrorLines);
    }

    [Fact]
    public async Task Before_the_first_event_a_terminal_shows_what_the_tail_waits_for()
    {
        await using var node = new CannedNode(_ => Reply.Events([": open\n\n", $"event: record\ndata: {{\"topic\":\"t\"}}\n\n"], pause: TimeSpan.FromMilliseconds(500)));
        var run = await Run.With(Run.Host() with { ErrorIsTerminal = true }, ["tail", "user_events", "--count", "1", "--json", "--url", node.Url]);
        Assert.Equal(0, run.Code);
        Assert.Contains("Waiting for records of user_events (Ctrl-C stops)", run.Err, StringComparison.Ordinal);
        Assert.Equal("{\"topic\":\"t\"}\n", run.Out);
    }

    /// <summary>Standard output that tells when the first line was written: the moment an operator would press Ctrl-C.</summary>
    private sealed class FirstLine : StringWriter
    {
        private readonly TaskCompletionSource written = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Written => written.Task;

        public override void Write(string? value)
        {
            base.Write(value);
            if (value?.Contains('\n', StringComparison.Ordinal) == true) written.TrySetResult();
        }
    }
}
