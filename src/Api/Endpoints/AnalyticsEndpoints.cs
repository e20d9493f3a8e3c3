using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Api.Http;
using Streaming.Api.Ingest;
using Streaming.Queries;
using Streaming.Streams.Contracts;

namespace Streaming.Api.Endpoints;

/// <summary>Live state of keys, asked of the engine through the registered analytics' queries, and the engine's processing figures (spec §4).</summary>
public static class AnalyticsEndpoints
{
    /// <summary>This node's engine since start; <paramref name="Held"/>: partitions not processed (their stored state cannot be applied to the log), with the records each cannot process.</summary>
    public sealed record ProcessingMetrics(IReadOnlyDictionary<string, long> Totals, IReadOnlyList<PartitionStatus> Partitions, DateTimeOffset Timestamp,
        IReadOnlyDictionary<string, long> Held);

    private static readonly EngineStatus NoEngine = new(new Dictionary<string, long>(), [], new Dictionary<string, long>(), new Dictionary<string, long>(),
        new Dictionary<string, IReadOnlyDictionary<string, long>>());

    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/analytics").WithTags("analytics");
        // One endpoint per live view the registered analytics declare (e.g. /users/{key}/session).
        foreach (var query in app.ServiceProvider.GetService<ILiveQueries>()?.Queries ?? [])
        {
            group.MapGet(query.Route, async (string key, ILiveQueries queries, HttpContext context) =>
            {
                var answer = await queries.AskAsync(query, key, context.RequestAborted);
                return answer.Outcome switch
                {
                    LiveOutcome.Found => Results.Bytes(answer.Json!, "application/json"),
                    LiveOutcome.NotFound => Problems.Status(StatusCodes.Status404NotFound, $"No {query.Name}", $"'{key}' has no {query.Name} to show.", "not-found"),
                    _ => Problems.Status(StatusCodes.Status503ServiceUnavailable, "Processing unavailable", answer.Problem ?? "The engine could not answer; retry.", "engine-unavailable"),
                };
            }).WithName($"{query.Noun}-{query.Name}").WithSummary(query.Summary)
              .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        }

        group.MapGet("/processing-metrics", (HttpContext context) =>
            {
                var status = Status(context);
                return Results.Ok(new ProcessingMetrics(status.Totals, status.Partitions, DateTimeOffset.UtcNow, status.Held));
            })
            .WithName("ProcessingMetrics").WithSummary("Records consumed, published, late and dead-lettered; per-partition watermark and checkpoint.")
            .Produces<ProcessingMetrics>();
        group.MapGet("/realtime-aggregations", (HttpContext context) => Results.Ok(Aggregations(Status(context))))
            .WithName("RealtimeAggregations").WithSummary("The results of each analytic (sessions closed, product windows closed, alerts raised and by rule), results published and checkpoints of this node's engine since it started.")
            .Produces<RealtimeAggregations>();
        group.MapGet("/stream-stats", (HttpContext context) => Results.Ok(Stats(Status(context), context.RequestServices.GetRequiredService<ProcessorGroup>().Topics)))
            .WithName("StreamStats").WithSummary("Per input topic: records consumed, late and dead-lettered, and every partition's watermark, delay and checkpoint.")
            .Produces<StreamStats>();
        return app;
    }

    /// <summary>The node's engine figures; a node without an engine has none.</summary>
    private static EngineStatus Status(HttpContext context) => context.RequestServices.GetService<IEngineStatus>()?.Current ?? NoEngine;

    private static RealtimeAggregations Aggregations(EngineStatus status)
    {
        var results = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, count) in status.Results) results[name] = count;
        foreach (var (name, byLabel) in status.ResultsByLabel) results[name] = byLabel;
        return new RealtimeAggregations(status.Totals.GetValueOrDefault("published"), status.Totals.GetValueOrDefault("checkpoints"), DateTimeOffset.UtcNow)
        {
            Results = results,
        };
    }

    private static StreamStats Stats(EngineStatus status, IReadOnlyList<string> inputTopics)
    {
        var totals = status.Totals;
        var topics = inputTopics.Select(topic => new StreamStats.Topic(topic,
            totals.GetValueOrDefault("consumed:" + topic), totals.GetValueOrDefault("late:" + topic), totals.GetValueOrDefault("dead_letters:" + topic),
            status.Partitions.Where(p => p.PartitionId.StartsWith(topic + "-", StringComparison.Ordinal)).ToList())).ToList();
        return new StreamStats(topics, DateTimeOffset.UtcNow);
    }
}
