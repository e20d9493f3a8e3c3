using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Streaming.Api.Http;

/// <summary>A text/event-stream answer: one message per item, <c>event: {name}</c> and one <c>data:</c> line of JSON (the gateway's snake_case).</summary>
public static class ServerSentEvents
{
    public const string ContentType = "text/event-stream";

    /// <summary>
    /// Sends the headers at once (a client learns that the stream is open before the first item), then each item as it
    /// comes, flushed; returns when the items end, the client goes away or the node stops (a graceful stop waits for
    /// open requests, and a stream would otherwise hold it up to its timeout).
    /// </summary>
    public static async Task<IResult> StreamAsync<T>(HttpContext context, string eventName, IAsyncEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(items);
        var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var response = context.Response;
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var over = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var ct = over.Token;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        // Reverse proxies (nginx) would otherwise hold the messages back until their buffer fills.
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await response.StartAsync(ct);
            await response.Body.FlushAsync(ct);
            await foreach (var item in items.WithCancellation(ct))
            {
                await response.WriteAsync($"event: {eventName}\ndata: {JsonSerializer.Serialize(item, json)}\n\n", ct);
                await response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away or the node stops: the stream is over.
        }
        return Results.Empty;
    }
}
