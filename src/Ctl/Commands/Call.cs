using System.CommandLine;
using System.Text;
using System.Text.Json;
using Streaming.Ctl.Http;
using Streaming.Ctl.Output;
using Streaming.Ctl.Sse;

namespace Streaming.Ctl.Commands;

/// <summary>
/// One run of a verb: its parsed command line, where it writes, how it draws and the node it talks to — with the ways
/// every verb shows an answer (a view or, with --json, the node's JSON as it is) and reports a failure.
/// </summary>
internal sealed record Call(ParseResult Parse, bool Json, Style Style, TextWriter Output, TextWriter Error, CtlHost Host, NodeClient? Client,
    CancellationToken Cancellation)
{
    public NodeClient Node => Client ?? throw new InvalidOperationException("This command runs without a node.");

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    public T? Value<T>(Option<T> option) => Parse.GetValue(option);

    public Task<int> GetAsync(string path, View view) => SendAsync(HttpMethod.Get, path, view, Host.RequestTimeout);

    /// <summary>Sends the request (drawing <paramref name="progress"/> while it waits), then shows the answer or the failure.</summary>
    public async Task<int> SendAsync(HttpMethod method, string path, View view, TimeSpan timeout, string? progress = null)
    {
        NodeAnswer answer;
        await using (Progress.Start(Error, Host.ErrorIsTerminal && progress is not null, progress ?? ""))
            answer = await Node.SendAsync(method, path, timeout, Cancellation);
        return answer.Ok ? await ShowAsync(answer, view) : await FailAsync(answer);
    }

    /// <summary>Writes the answer: as it is with --json, else drawn by <paramref name="view"/>. 2 when it is not JSON.</summary>
    public async Task<int> ShowAsync(NodeAnswer answer, View view)
    {
        if (Json)
        {
            await Output.WriteAsync(answer.Body.EndsWith('\n') ? answer.Body : answer.Body + "\n");
            return ExitCodes.Ok;
        }
        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            await Output.WriteAsync(view(document.RootElement, Style));
            return ExitCodes.Ok;
        }
        catch (JsonException)
        {
            await Error.WriteLineAsync(NodeErrors.NotJson(Node.Url, answer.Request));
            return ExitCodes.Usage;
        }
    }

    /// <summary>Reports an error answer on standard error (with --json its body goes to standard output as well). Always 1.</summary>
    public async Task<int> FailAsync(NodeAnswer answer)
    {
        if (Json && answer.Body.Length > 0) await Output.WriteAsync(answer.Body.EndsWith('\n') ? answer.Body : answer.Body + "\n");
        foreach (var line in NodeErrors.Describe(answer, Node.Url)) await Error.WriteLineAsync(line);
        return ExitCodes.NodeError;
    }

    /// <summary>
    /// Follows an event stream, one line per <paramref name="eventName"/> event (one JSON document per line with --json),
    /// until <paramref name="count"/> events, or Ctrl-C (exit 0). A stream the node ends earlier is reported (exit 1).
    /// </summary>
    public async Task<int> TailAsync(string path, string eventName, View line, int? count, string waiting)
    {
        var shown = 0;
        var progress = Progress.Start(Error, Host.ErrorIsTerminal, waiting + " (Ctrl-C stops)");
        try
        {
            using var response = await Node.OpenStreamAsync(path, Cancellation);
            if (!response.IsSuccessStatusCode)
            {
                var answer = await NodeAnswer.ReadAsync($"GET {path}", response, Cancellation);
                await progress.DisposeAsync();
                return await FailAsync(answer);
            }
            await using var body = await response.Content.ReadAsStreamAsync(Cancellation);
            await foreach (var message in SseReader.ReadAsync(body, Cancellation))
            {
                if (message.Event != eventName) continue;
                await progress.DisposeAsync();
                await Output.WriteAsync(Json ? OneLine(message.Data) + "\n" : Draw(message.Data, line));
                await Output.FlushAsync(Cancellation);
                if (++shown == count) return ExitCodes.Ok;
            }
            await progress.DisposeAsync();
            await Error.WriteLineAsync($"The node at {Node.Url} ended the stream after {Formats.Count(shown, "event", "events")}: it may be stopping; 'streaming-ctl health' tells.");
            return ExitCodes.NodeError;
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            return ExitCodes.Ok; // Ctrl-C is how a tail without --count ends
        }
        catch (IOException)
        {
            await progress.DisposeAsync();
            await Error.WriteLineAsync($"The connection to {Node.Url} broke after {Formats.Count(shown, "event", "events")}: the node may have stopped; 'streaming-ctl health' tells.");
            return ExitCodes.NodeError;
        }
        finally
        {
            await progress.DisposeAsync();
        }
    }

    private string Draw(string data, View line)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            return line(document.RootElement, Style);
        }
        catch (JsonException)
        {
            return data + "\n";
        }
    }

    /// <summary>The event's JSON on one line (data sent over several lines is rewritten compactly), so that each line is one document.</summary>
    private static string OneLine(string data)
    {
        if (!data.Contains('\n', StringComparison.Ordinal)) return data;
        try
        {
            using var document = JsonDocument.Parse(data);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer)) document.RootElement.WriteTo(writer);
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException)
        {
            return data.ReplaceLineEndings(" ");
        }
    }
}
