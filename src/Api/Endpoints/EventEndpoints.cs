using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Streaming.Api.Http;
using Streaming.Api.Ingest;
using Streaming.Streams.Contracts;

namespace Streaming.Api.Endpoints;

/// <summary>The event ingest endpoints of the original design (SPEC §4).</summary>
public static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEventIngest(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/examples").WithTags("events");
        group.MapPost("/user-events", (HttpContext c, IngestService s, IOptions<GatewayOptions> o) => Single(c, s, o.Value, EventCodec.UserEvents))
            .WithName("PostUserEvent").WithSummary("Ingest one user event into user_events (key user_id).")
            .Accepts<UserEvent>("application/json").Produces<Accepted>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/product-analytics", (HttpContext c, IngestService s, IOptions<GatewayOptions> o) => Single(c, s, o.Value, EventCodec.ProductEvents))
            .WithName("PostProductEvent").WithSummary("Ingest one product event into product_analytics (key product_id).")
            .Accepts<ProductEvent>("application/json").Produces<Accepted>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/order-events", (HttpContext c, IngestService s, IOptions<GatewayOptions> o) => Single(c, s, o.Value, EventCodec.OrderEvents))
            .WithName("PostOrderEvent").WithSummary("Ingest one order event into order_events (key user_id).")
            .Accepts<OrderEvent>("application/json").Produces<Accepted>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/batch-events", Batch)
            .WithName("PostBatch")
            .WithSummary("Ingest a JSON array of events (or {\"events\": [...]}) into one topic; all-or-nothing unless partial=true.")
            .Accepts<UserEvent[]>("application/json").Produces<BatchAnswer>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> Single(HttpContext context, IngestService ingest, GatewayOptions options, EventCodec codec)
    {
        var body = await JsonBody.ReadAsync(context, options.MaxBodyBytes);
        if (body.Error is not null) return body.Error;
        var parsed = codec.Parse(body.Body!, DateTimeOffset.UtcNow);
        if (parsed.Event is not { } ev) return Problems.Validation(parsed.Errors);
        try
        {
            return Results.Ok(await ingest.WriteAsync(codec.Topic, ev.EventId, ev.Key, ev.Payload, context.RequestAborted));
        }
        catch (BrokerUnavailableException e)
        {
            return Problems.Unavailable(context, options.RetryAfterSeconds, e.Message);
        }
    }

    public sealed record RejectedItem(int Index, IReadOnlyDictionary<string, string[]> Errors);

    public sealed record BatchAnswer(string Status, string Topic, int AcceptedCount, int RejectedCount, IReadOnlyList<Accepted> Accepted, IReadOnlyList<RejectedItem> Rejected);

    private static async Task<IResult> Batch(HttpContext context, IngestService ingest, IOptions<GatewayOptions> options, TopicCatalog catalog, string? topic, bool? partial)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(topic))
            return Problems.Validation([new("topic", ["The query parameter 'topic' is required (user_events, product_analytics, order_events or a custom topic)."])]);
        var codec = EventCodec.ForTopic(topic);
        if (codec is null)
        {
            if (catalog.CheckCustomTopic(topic) is { } problem) return Problems.Validation([new("topic", [problem])]);
            codec = EventCodec.Custom(topic);
        }

        var (body, bodyError) = await JsonBody.ReadPooledAsync(context, o.MaxBodyBytes * 8);
        if (body is null) return bodyError!;
        var now = DateTimeOffset.UtcNow;
        List<EventCodec.Intake> valid;
        var rejected = new List<RejectedItem>();
        int total;
        using (body)
        using (var batch = BatchItems.Read(body.Memory, o.MaxBatchEvents))
        {
            if (batch.Error is not null) return batch.Error;
            var items = batch.Items!;
            total = items.Count;
            valid = new List<EventCodec.Intake>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                var parsed = codec.Parse(items[i], now);
                if (parsed.Event is { } ev) valid.Add(ev);
                else rejected.Add(new RejectedItem(i, parsed.Errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal)));
            }
        }
        if (rejected.Count > 0 && partial != true)
            return Problems.Validation(
                rejected.SelectMany(r => r.Errors.Select(e => new KeyValuePair<string, string[]>($"[{r.Index}].{e.Key}", e.Value))),
                $"{rejected.Count} of {total} events are invalid; nothing was written (send partial=true to accept the valid ones).");

        // One task for the whole batch (not one per event); it completes once every record is settled.
        var written = await ingest.WriteBatchAsync(codec.Topic, valid);
        if (written.Failure is { } e)
            return Problems.Unavailable(context, o.RetryAfterSeconds,
                $"{e.Message} {written.Accepted.Count} of {valid.Count} events were acknowledged; resend the others with the same event_id.",
                new Dictionary<string, object?> { ["accepted"] = written.Accepted });
        return Results.Ok(new BatchAnswer(rejected.Count == 0 ? "accepted" : "partially_accepted", codec.Topic, written.Accepted.Count, rejected.Count, written.Accepted, rejected));
    }
}
