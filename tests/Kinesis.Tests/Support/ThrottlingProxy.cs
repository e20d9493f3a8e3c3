using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Streaming.TestSupport;

namespace Streaming.Kinesis.Tests.Support;

/// <summary>One PutRecords entry as the proxy sees it.</summary>
public sealed record ProxyRecord(int Index, string PartitionKey, byte[] Data);

/// <summary>What the proxy does with one PutRecords request: refuse it whole with an error type (HTTP 400), or
/// refuse some records (index → per-record error code) and forward the rest.</summary>
public sealed record PutRecordsVerdict(string? RequestError = null, IReadOnlyDictionary<int, string>? RecordErrors = null)
{
    public static PutRecordsVerdict Pass { get; } = new();
}

/// <summary>Decides per PutRecords request (numbered from 1).</summary>
public delegate PutRecordsVerdict PutRecordsRule(int requestNumber, IReadOnlyList<ProxyRecord> records);

/// <summary>
/// A small real HTTP proxy between the Kinesis client and the emulator that throttles like Kinesis
/// does. Neither kinesalite (its PutRecords always answers FailedRecordCount 0) nor kinesis-mock (it
/// fails a record only when it exceeds the stream's record size) ever throttles, so the proxy answers
/// chosen PutRecords requests with HTTP 400 throttling errors, or removes chosen records before
/// forwarding and answers them as per-record failures (<c>ProvisionedThroughputExceededException</c>),
/// as a throttled shard does. Refused records never reach the emulator. Everything else passes through.
/// </summary>
public sealed class ThrottlingProxy : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _client = new();
    private readonly Uri _target;
    private readonly Task _loop;
    private volatile PutRecordsRule? _rule;
    private int _putRequests;
    private int _throttledRequests;
    private int _refusedRecords;

    private ThrottlingProxy(Uri target, int port)
    {
        _target = target;
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public static ThrottlingProxy Start(string targetEndpoint, PutRecordsRule? rule = null) =>
        new(new Uri(targetEndpoint), FreePort.Next()) { Rule = rule };

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>The rule applied to PutRecords requests; null passes everything through.</summary>
    public PutRecordsRule? Rule
    {
        get => _rule;
        set => _rule = value;
    }

    public int PutRequests => Volatile.Read(ref _putRequests);

    public int ThrottledRequests => Volatile.Read(ref _throttledRequests);

    public int RefusedRecords => Volatile.Read(ref _refusedRecords);

    private async Task AcceptLoopAsync()
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
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var target = context.Request.Headers["X-Amz-Target"] ?? "";
            if (target.EndsWith(".PutRecords", StringComparison.Ordinal) && _rule is { } rule)
                await PutRecordsAsync(context, body, rule);
            else
                await RespondAsync(context, await ForwardAsync(context.Request, body));
        }
        catch (Exception e)
        {
            try
            {
                context.Response.StatusCode = 502;
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(e.Message));
                context.Response.Close();
            }
            catch (Exception)
            {
                // The client went away.
            }
        }
    }

    private async Task PutRecordsAsync(HttpListenerContext context, byte[] body, PutRecordsRule rule)
    {
        var request = JsonNode.Parse(body)!.AsObject();
        var entries = request["Records"]!.AsArray();
        var records = entries.Select((e, i) => new ProxyRecord(i, e!["PartitionKey"]!.GetValue<string>(), Convert.FromBase64String(e["Data"]!.GetValue<string>()))).ToList();
        var number = Interlocked.Increment(ref _putRequests);
        var verdict = rule(number, records);
        if (verdict.RequestError is { } error)
        {
            Interlocked.Increment(ref _throttledRequests);
            var problem = new JsonObject { ["__type"] = error, ["message"] = $"Rate exceeded for stream {request["StreamName"]} (test proxy)." };
            await RespondAsync(context, new Answer(400, "application/x-amz-json-1.1", Encoding.UTF8.GetBytes(problem.ToJsonString())));
            return;
        }
        var refusals = verdict.RecordErrors ?? new Dictionary<int, string>();
        if (refusals.Count == 0)
        {
            await RespondAsync(context, await ForwardAsync(context.Request, body));
            return;
        }
        Interlocked.Add(ref _refusedRecords, refusals.Count);
        var kept = Enumerable.Range(0, entries.Count).Where(i => !refusals.ContainsKey(i)).ToList();
        JsonArray forwardedResults = [];
        var failed = refusals.Count;
        if (kept.Count > 0)
        {
            var forwarded = new JsonObject
            {
                ["StreamName"] = request["StreamName"]?.DeepClone(),
                ["Records"] = new JsonArray(kept.Select(i => entries[i]!.DeepClone()).ToArray()),
            };
            var answer = await ForwardAsync(context.Request, Encoding.UTF8.GetBytes(forwarded.ToJsonString()));
            if (answer.Status != 200)
            {
                await RespondAsync(context, answer);
                return;
            }
            var parsed = JsonNode.Parse(answer.Body)!.AsObject();
            forwardedResults = parsed["Records"]!.AsArray();
            failed += parsed["FailedRecordCount"]?.GetValue<int>() ?? 0;
        }
        var results = new JsonArray();
        var next = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            results.Add(refusals.TryGetValue(i, out var code)
                ? new JsonObject { ["ErrorCode"] = code, ["ErrorMessage"] = $"{code} for record {i} (test proxy)." }
                : forwardedResults[next++]!.DeepClone());
        }
        var merged = new JsonObject { ["FailedRecordCount"] = failed, ["Records"] = results };
        await RespondAsync(context, new Answer(200, "application/x-amz-json-1.1", Encoding.UTF8.GetBytes(merged.ToJsonString())));
    }

    private async Task<Answer> ForwardAsync(HttpListenerRequest request, byte[] body)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(_target, request.RawUrl))
        {
            Content = new ByteArrayContent(body),
        };
        foreach (var name in request.Headers.AllKeys)
        {
            if (name is null || name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Expect", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            var value = request.Headers[name]!;
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) message.Content.Headers.TryAddWithoutValidation(name, value);
            else message.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _client.SendAsync(message);
        var content = await response.Content.ReadAsByteArrayAsync();
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString() ?? "application/x-amz-json-1.1", content);
    }

    private static async Task RespondAsync(HttpListenerContext context, Answer answer)
    {
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        context.Response.ContentLength64 = answer.Body.Length;
        await context.Response.OutputStream.WriteAsync(answer.Body);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
        _client.Dispose();
    }

    private sealed record Answer(int Status, string ContentType, byte[] Body);
}
