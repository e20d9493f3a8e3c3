using Streaming.Ctl.Commands;

namespace Streaming.Ctl.Tests;

public sealed class HelpTests
{
    /// <summary>Every verb and what its --help must mention besides the global options.</summary>
    public static TheoryData<string, string[]> Verbs => new()
    {
        { "health", [] },
        { "status", [] },
        { "topics", [] },
        { "metrics", [] },
        { "cluster show", [] },
        { "cluster leave", ["<address>", "akka.tcp://"] },
        { "cluster down", ["<address>", "akka.tcp://"] },
        { "cluster down-unreachable", [] },
        { "cluster tail", ["--count <N>"] },
        { "sharding regions", [] },
        { "sharding region-stats", ["<type>"] },
        { "sharding shard-stats", ["<type>"] },
        { "partitions", [] },
        { "tail", ["<topic>", "--from-beginning", "--key <K>", "--count <N>"] },
        { "session", ["<user>"] },
        { "alerts", ["<user>"] },
        { "windows", ["<product>"] },
        { "state reset", ["--topic <T>", "--partition <P>"] },
        { "crosscheck", ["--from <TIME>", "--to <TIME>", "--left <TOPIC>", "--right <TOPIC>", "--engine <NAME>"] },
        { "apikey new", [] },
        { "apikey hash", ["<key>"] },
    };

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Every_verbs_help_describes_it_names_its_arguments_and_options_and_gives_an_example(string verb, string[] mentions)
    {
        var run = await Run.Of([.. verb.Split(' '), "--help"]);
        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Err);
        Assert.Contains($"Usage:\n  streaming-ctl {verb}", run.Out, StringComparison.Ordinal);
        foreach (var mention in mentions.Concat(["--url <URL>", "--api-key <KEY>", "--json"])) Assert.Contains(mention, run.Out, StringComparison.Ordinal);
        var examples = run.Out[run.Out.IndexOf("Examples:\n", StringComparison.Ordinal)..];
        Assert.Contains($"  streaming-ctl {verb}", examples, StringComparison.Ordinal);
        Assert.All(run.Out.Split('\n'), line => Assert.True(line.Length <= 100, line));
    }

    [Fact]
    public void The_verbs_above_are_all_the_verbs_there_are()
    {
        var verbs = CommandTree.Build().All().Where(c => c.Command is CtlCommand { Run: not null }).Select(c => c.Path).Order(StringComparer.Ordinal);
        Assert.Equal(Verbs.Select(v => (string)v[0]).Order(StringComparer.Ordinal), verbs);
    }

    [Fact]
    public async Task The_top_help_lists_every_command_with_its_description()
    {
        var run = await Run.Of("--help");
        Assert.Equal(0, run.Code);
        foreach (var command in new[] { "health", "status", "topics", "metrics", "cluster", "sharding", "partitions", "tail <topic>", "session <user>",
                     "alerts <user>", "windows <product>", "state", "crosscheck", "apikey" })
            Assert.Matches($"\n  {command} +[A-Z]", run.Out);
    }

    [Fact]
    public async Task Help_is_shown_even_when_the_rest_of_the_line_is_wrong()
    {
        var run = await Run.Of("cluster", "down", "--bogus", "-h");
        Assert.Equal(0, run.Code);
        Assert.Contains("<address>", run.Out, StringComparison.Ordinal);
    }
}
