using System.Net;
using System.Text;
using System.Text.Json;
using Streaming.TestSupport;

namespace Streaming.Bench;

/// <summary>
/// An HTTP endpoint that accepts every PutRecords at once without storing anything: forwarding into it
/// measures the forwarder's own ceiling (Kafka consumption, envelopes, SDK marshalling, HTTP) without an
/// emulator. Loopback only.
/// </summary>
internal sealed class KinesisNullEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private long _sequence;

    public KinesisNullEndpoint()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var count = 0;
        using (var doc = JsonDocument.Parse(body.ToArray()))
        {
            if (doc.RootElement.TryGetProperty("Records", out var records)) count = records.GetArrayLength();
        }
        var answer = new StringBuilder("{\"FailedRecordCount\":0,\"Records\":[");
        for (var i = 0; i < count; i++)
        {
            if (i > 0) answer.Append(',');
            answer.Append("{\"SequenceNumber\":\"").Append(Interlocked.Increment(ref _sequence)).Append("\",\"ShardId\":\"shardId-000000000000\"}");
        }
        answer.Append("]}");
        var bytes = Encoding.UTF8.GetBytes(answer.ToString());
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
