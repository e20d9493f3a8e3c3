namespace Streaming.Ctl.Http;

/// <summary>
/// The gateway of one node over HTTP: whole answers within a timeout, and event streams that stay open. Sends the API
/// key in X-API-Key when one is given. Failing to connect throws <see cref="HttpRequestException"/>, waiting too long
/// <see cref="TimeoutException"/> (its message is the line to print).
/// </summary>
internal sealed class NodeClient(string url, Uri node, string? apiKey, HttpMessageHandler handler) : IDisposable
{
    private const string ApiKeyHeader = "X-API-Key";

    private readonly HttpClient http = new(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The address as the operator gave it, for messages.</summary>
    public string Url => url;

    public async Task<NodeAnswer> SendAsync(HttpMethod method, string path, TimeSpan timeout, CancellationToken cancellation)
    {
        using var request = Request(method, path, "application/json");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            return await NodeAnswer.ReadAsync($"{method} {path}", response, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException(NodeErrors.Timeout(url, timeout));
        }
    }

    /// <summary>
    /// A GET whose answer is read as it comes: the response once its headers arrived. No timeout — a quiet topic may
    /// send nothing for long — only the handler's connect timeout.
    /// </summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, CancellationToken cancellation)
    {
        using var request = Request(HttpMethod.Get, path, "text/event-stream");
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
    }

    public void Dispose() => http.Dispose();

    private HttpRequestMessage Request(HttpMethod method, string path, string accept)
    {
        var request = new HttpRequestMessage(method, NodeUrl.Resolve(node, path));
        request.Headers.Accept.ParseAdd(accept);
        request.Headers.Accept.ParseAdd("application/problem+json");
        request.Headers.UserAgent.ParseAdd("streaming-ctl");
        if (!string.IsNullOrEmpty(apiKey)) request.Headers.Add(ApiKeyHeader, apiKey);
        return request;
    }
}
