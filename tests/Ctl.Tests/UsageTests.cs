namespace Streaming.Ctl.Tests;

/// <summary>Command lines streaming-ctl cannot run: exit 2, one line on standard error that says what to do, no request sent.</summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData(new string[0], "'streaming-ctl' takes a command: health, status, topics, metrics, cluster, sharding, partitions, tail, session, alerts, windows, state, crosscheck, apikey.", "streaming-ctl --help")]
    [InlineData(new[] { "clustr" }, "'clustr'", "streaming-ctl --help")]
    [InlineData(new[] { "cluster" }, "'streaming-ctl cluster' takes a command: show, leave, down, down-unreachable, tail.", "streaming-ctl cluster --help")]
    [InlineData(new[] { "sharding", "bogus" }, "'bogus'", "streaming-ctl sharding --help")]
    [InlineData(new[] { "cluster", "leave" }, "'address'", "streaming-ctl cluster leave --help")]
    [InlineData(new[] { "sharding", "region-stats" }, "'type'", "streaming-ctl sharding region-stats --help")]
    [InlineData(new[] { "tail" }, "'topic'", "streaming-ctl tail --help")]
    [InlineData(new[] { "session", "u1", "u2" }, "'u2'", "streaming-ctl session --help")]
    [InlineData(new[] { "health", "--verbose" }, "'--verbose'", "streaming-ctl health --help")]
    [InlineData(new[] { "tail", "user_events", "--count", "0" }, "--count takes a whole number of 1 or more, not '0'.", "streaming-ctl tail --help")]
    [InlineData(new[] { "cluster", "tail", "--count", "ten" }, "--count takes a whole number of 1 or more, not 'ten'.", "streaming-ctl cluster tail --help")]
    [InlineData(new[] { "state", "reset", "--topic", "user_events", "--partition", "-1" }, "--partition takes a whole number of 0 or more", "streaming-ctl state reset --help")]
    [InlineData(new[] { "state", "reset", "--partition", "1" }, "--partition needs --topic", "streaming-ctl state reset --help")]
    [InlineData(new[] { "health", "--url" }, "--url", "streaming-ctl health --help")]
    public async Task A_wrong_command_line_exits_2_with_one_line_naming_the_problem_and_the_help_to_read(string[] args, string problem, string help)
    {
        var run = await Run.Of(args);
        Assert.Equal(2, run.Code);
        Assert.Equal("", run.Out);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.EndsWith($"See '{help}'.", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://node:8888")]
    [InlineData("localhost:8888")]
    [InlineData("not a url")]
    [InlineData("http://node:8888/?x=1")]
    public async Task A_url_that_is_not_an_http_address_exits_2_saying_how_to_give_one(string url)
    {
        foreach (var run in new[]
                 {
                     await Run.Of("health", "--url", url),
                     await Run.With(Run.Host(("STREAMING_URL", url)), ["health"]),
                 })
        {
            Assert.Equal(2, run.Code);
            Assert.Equal($"'{url}' is not an http(s) URL: pass the gateway's address, e.g. --url http://localhost:8888, or set STREAMING_URL.",
                Assert.Single(run.ErrorLines));
        }
    }
}
