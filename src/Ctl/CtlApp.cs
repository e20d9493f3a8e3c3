using System.CommandLine;
using Streaming.Ctl.Commands;
using Streaming.Ctl.Http;
using Streaming.Ctl.Output;

namespace Streaming.Ctl;

/// <summary>
/// streaming-ctl: the operator's view of a running cluster through any node's gateway. Exit codes (<see cref="ExitCodes"/>):
/// 0 done, 1 the node answered with an error, 2 wrong usage or no usable answer — each failure with one line that says
/// what to do, never a stack trace.
/// </summary>
public static class CtlApp
{
    /// <summary>Runs one command line, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    /// <param name="host">Environment, terminals, HTTP handler and timeouts; <see cref="CtlHost.Default"/> when null.</param>
    /// <param name="cancellation">Ctrl-C: ends a tail (exit 0) or abandons a request.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CtlHost? host = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        host ??= CtlHost.Default;
        var tree = CommandTree.Build();
        // No response files: a topic, key or user id may start with '@'.
        var parse = tree.Root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Action is HelpWithExamples)
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellation);
        if (parse.Errors.Count > 0 || parse.CommandResult.Command is not CtlCommand { Run: { } run } command)
        {
            await error.WriteLineAsync(UsageError.Describe(parse));
            return ExitCodes.Usage;
        }

        var json = parse.GetValue(tree.Options.Json);
        var style = new Style(!json && host.OutputIsTerminal && string.IsNullOrEmpty(host.Variable("NO_COLOR")), host.Width);
        if (!command.NeedsNode) return await run(new Call(parse, json, style, output, error, host, null, cancellation));

        var url = Given(parse.GetValue(tree.Options.Url)) ?? Given(host.Variable("STREAMING_URL")) ?? NodeUrl.Fallback;
        if (NodeUrl.Parse(url) is not { } node)
        {
            await error.WriteLineAsync($"'{url}' is not an http(s) URL: pass the gateway's address, e.g. --url http://localhost:8888, or set STREAMING_URL.");
            return ExitCodes.Usage;
        }
        var apiKey = Given(parse.GetValue(tree.Options.ApiKey)) ?? Given(host.Variable("STREAMING_API_KEY"));
        using var client = new NodeClient(url, node, apiKey, host.Handler());
        try
        {
            return await run(new Call(parse, json, style, output, error, host, client, cancellation));
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync(NodeErrors.Unreachable(url, e));
        }
        catch (TimeoutException e)
        {
            await error.WriteLineAsync(e.Message);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await error.WriteLineAsync("Interrupted before the node answered: it may still carry the request out; 'streaming-ctl cluster show' or 'partitions' tell.");
        }
        catch (OperationCanceledException)
        {
            // Only the handler's connect timeout cancels on its own: requests turn theirs into TimeoutException.
            await error.WriteLineAsync($"The node at {url} did not accept a connection in time: check that it is running and reachable, or pass --url.");
        }
        return ExitCodes.Usage;
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
