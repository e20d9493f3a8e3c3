using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Streaming.Ctl.Tests;

/// <summary>
/// A real HTTP server on a free loopback port answering with canned, contract-shaped replies: streaming-ctl's requests go
/// through its real sockets, and the server records what arrived.
/// </summary>
internal sealed class CannedNode : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<Received, Reply> answer;
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;

    public CannedNode(Func<Received, Reply> answer)
    {
        this.answer = answer;
        Url = $"http://127.0.0.1:{FreePort()}";
        listener.Prefixes.Add(Url + "/");
        listener.Start();
        serving = ServeAsync();
    }

    /// <summary>One request as the node saw it.</summary>
    public sealed record Received(string Method, string PathAndQuery, string? ApiKey, string Accept);

    /// <summary>
    /// What to answer: a status, content type and body after <paramref name="Delay"/>; or an event stream sent as
    /// <paramref name="Chunks"/> (each flushed on its own, <paramref name="Pause"/> apart), held open afterwards unless
    /// <paramref name="Close"/>.
    /// </summary>
    public sealed record Reply(int Status, string ContentType, string Body, TimeSpan Delay = default, IReadOnlyList<string>? Chunks = null,
        TimeSpan Pause = default, bool Close = false, IReadOnlyDictionary<string, string>? Headers = null)
    {
        public static Reply Json(string body, int status = 200) => new(status, "application/json", body);

        public static Reply Problem(string body, int status) => new(status, "application/problem+json", body);

        public static Reply Events(IReadOnlyList<string> chunks, bool close = false, TimeSpan pause = default) =>
            new(200, "text/event-stream", "", Chunks: chunks, Pause: pause, Close: close);
    }

    public string Url { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        listener.Close();
        try
        {
            await serving;
        }
        catch (ObjectDisposedException)
        {
        }
        stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => RespondAsync(context));
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var received = new Received(request.HttpMethod, request.RawUrl ?? "", request.Headers["X-API-Key"], request.Headers["Accept"] ?? "");
        Requests.Enqueue(received);
        var reply = answer(received);
        var response = context.Response;
        try
        {
            if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay, stop.Token);
            response.StatusCode = reply.Status;
            response.ContentType = reply.ContentType;
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>()) response.Headers[name] = value;
            if (reply.Chunks is null)
            {
                var bytes = Encoding.UTF8.GetBytes(reply.Body);
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes, stop.Token);
            }
            else
            {
                response.SendChunked = true;
                foreach (var chunk in reply.Chunks)
                {
                    await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(chunk), stop.Token);
                    await response.OutputStream.FlushAsync(stop.Token);
                    if (reply.Pause > TimeSpan.Zero) await Task.Delay(reply.Pause, stop.Token);
                }
                if (!reply.Close) await Task.Delay(Timeout.Infinite, stop.Token);
            }
            response.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client went away (a tail that stopped) or the test ended.
            response.Abort();
        }
    }
}
