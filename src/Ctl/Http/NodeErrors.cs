using System.Globalization;
using System.Net.Sockets;

namespace Streaming.Ctl.Http;

/// <summary>What streaming-ctl says when a request fails: one line that says what to do (then a validation problem's fields).</summary>
internal static class NodeErrors
{
    private const string StartHint = "Start one with 'dotnet run --project src/Nodes' or pass --url.";

    /// <summary>The lines for an answer that is not a success: the problem document's, or what the status means.</summary>
    public static IReadOnlyList<string> Describe(NodeAnswer answer, string url)
    {
        var problem = ProblemDocument.Parse(answer.Body);
        // ASP.NET answers an unknown route with a bare {title: "Not Found"}: that says less than what it means here.
        var bare = problem is { Detail: null, Errors.Count: 0 } && answer.Status == 404;
        var lines = problem is null || bare ? [Fallback(answer, url)] : problem.Lines(answer.Status).ToList();
        var hint = answer.Status switch
        {
            401 => "Pass the gateway's API key with --api-key or set STREAMING_API_KEY.",
            403 => "The key from --api-key or STREAMING_API_KEY matches no hash in the gateway's Streaming__Gateway__ApiKeys; "
                + "'streaming-ctl apikey hash <key>' prints the hash to add.",
            _ => answer.RetryAfterSeconds is { } seconds ? $"Retry in {seconds} s." : null,
        };
        if (hint is not null) lines[0] += " " + hint;
        return lines;
    }

    public static string Unreachable(string url, HttpRequestException e) => $"Cannot reach a Streaming node at {url}: {Reason(e)}. {StartHint}";

    public static string Timeout(string url, TimeSpan waited) =>
        $"The node at {url} did not answer within {waited.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s: "
        + "check that it is running and not overloaded (streaming-ctl health), or pass --url.";

    public static string NotJson(string url, string request) =>
        $"The answer of {url} to {request} is not the JSON a Streaming gateway sends: check --url, or pass --json to see it as it is.";

    private static string Fallback(NodeAnswer answer, string url) => answer.Status switch
    {
        401 => "The node needs an API key (401).",
        403 => "The node refused the API key (403).",
        404 => $"The node at {url} has no {answer.Request} (404): check that --url is a Streaming gateway as new as this streaming-ctl.",
        _ => $"The node answered {answer.Status} {answer.Reason} to {answer.Request}: its log says why.",
    };

    private static string Reason(HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => "no such host",
        SocketException { SocketErrorCode: SocketError.TimedOut } => "the connection timed out",
        SocketException { SocketErrorCode: SocketError.NetworkUnreachable or SocketError.HostUnreachable } => "no route to the host",
        SocketException { SocketErrorCode: SocketError.ConnectionReset } => "the connection was reset",
        _ when e.HttpRequestError == HttpRequestError.NameResolutionError => "no such host",
        _ => (e.InnerException?.Message ?? e.Message).TrimEnd('.'),
    };
}
