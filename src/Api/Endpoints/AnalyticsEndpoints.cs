using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Streaming.Actors.Engine;
using Streaming.Actors.Entities;
using Streaming.Actors.Orders;
using Streaming.Actors.Products;
using Streaming.Actors.Sessions;
using Streaming.Api.Http;
using Streaming.Streams.Broker;
using Streaming.Streams.Contracts;
using Streaming.Streams.Kafka;

namespace Streaming.Api.Endpoints;

/// <summary>Live state asked of the entities, and the engine's processing figures (SPEC §4).</summary>
public static class AnalyticsEndpoints
{
    /// <summary>This node's engine since start; <paramref name="Held"/>: partitions not processed (their stored state cannot be applied to the log), with the records each cannot process.</summary>
    public sealed record ProcessingMetrics(IReadOnlyDictionary<string, long> Totals, IReadOnlyCollection<EngineMetrics.PartitionState> Partitions, DateTimeOffset Timestamp,
        IReadOnlyDictionary<string, long> Held);

    /// <summary>
    /// The input partition that holds the key's state (the entity loads it from there when it is not
    /// in memory): computed like the producer picks it, from the topic's partition count.
    /// </summary>
    private static string? PartitionOf(HttpContext context, string topic, string key)
    {
        if (context.RequestServices.GetService(typeof(TopicAdmin)) is not TopicAdmin admin) return null;
        var partitions = admin.PartitionCount(topic, TimeSpan.FromSeconds(5));
        return partitions == 0 ? null : PartitionIds.Of(topic, KeyPartitioner.Partition(System.Text.Encoding.UTF8.GetBytes(key), partitions));
    }

    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/analytics").WithTags("analytics");
        group.MapGet("/users/{user_id}/session", async (string user_id, HttpContext context) =>
        {
            // A gateway-only host has no actor system: the registry is optional.
            if (context.RequestServices.GetService(typeof(ActorRegistry)) is not ActorRegistry registry || !registry.TryGet<UserSessionRegion>(out var users))
                return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Processing unavailable", "This node hosts no session entities yet.", "engine-unavailable");
            try
            {
                var view = await users.Ask<UserSessionView>(new GetUserSession(user_id, PartitionOf(context, TopicNames.UserEvents, user_id)), TimeSpan.FromSeconds(5), context.RequestAborted);
                return view.Open.IsEmpty
                    ? Problems.Status(StatusCodes.Status404NotFound, "No open session", $"User '{user_id}' has no open session.", "no-session")
                    : Results.Ok(view.Open[^1]);
            }
            catch (AskTimeoutException)
            {
                return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Processing unavailable", "The user's entity did not answer in time; retry.", "engine-timeout");
            }
        }).WithName("UserSession").WithSummary("The user's open session (asked of the entity); 404 when none.")
          .Produces<UserSession>().ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/products/{product_id}/windows", async (string product_id, HttpContext context) =>
        {
            if (!TryRegion<ProductWindowsRegion>(context, out var products))
                return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Processing unavailable", "This node hosts no product entities yet.", "engine-unavailable");
            try
            {
                var view = await products.Ask<ProductWindowsView>(new GetProductWindows(product_id, PartitionOf(context, TopicNames.ProductAnalytics, product_id)), TimeSpan.FromSeconds(5), context.RequestAborted);
                return view.Open.IsEmpty
                    ? Problems.Status(StatusCodes.Status404NotFound, "No open window", $"Product '{product_id}' has no open window.", "no-window")
                    : Results.Ok(view.Open);
            }
            catch (AskTimeoutException)
            {
                return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Processing unavailable", "The product's entity did not answer in time; retry.", "engine-timeout");
            }
        }).WithName("ProductWindows").WithSummary("The product's open sliding windows as they would be emitted now (asked of the entity); 404 when none.")
          .Produces<IReadOnlyList<ProductPopularity>>().ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/users/{user_id}/alerts", async (string user_id, HttpContext context) =>
        {
            if (!TryRegion<UserAnomalyRegion>(context, out var users))
                return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Processing unavailable", "This node hosts no anomaly entities yet.", "engine-unavailable");
            try
            {
                var view = await users.Ask<UserAlertsView>(new GetUserAlerts(user_id), TimeSpan.FromSeconds(5), context.RequestAborted);
                return Results.Ok(view.Recent);
            }
            catch (AskTimeoutException)
            {
                return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Processing unavailable", "The user's entity did not answer in time; retry.", "engine-timeout");
            }
        }).WithName("UserAlerts").WithSummary("The user's recent order anomaly alerts, oldest first (kept in memory by the user's entity; empty when none).")
          .Produces<IReadOnlyList<AnomalyAlert>>();

        group.MapGet("/processing-metrics", (EngineMetrics metrics) => Results.Ok(new ProcessingMetrics(metrics.Totals, metrics.Partitions, DateTimeOffset.UtcNow, metrics.HeldPartitions)))
            .WithName("ProcessingMetrics").WithSummary("Records consumed, published, late and dead-lettered; per-partition watermark and checkpoint.")
            .Produces<ProcessingMetrics>();
        group.MapGet("/realtime-aggregations", (EngineMetrics metrics) => Results.Ok(Aggregations(metrics)))
            .WithName("RealtimeAggregations").WithSummary("Sessions closed, product windows closed and alerts raised (by rule) by this node's engine since it started.")
            .Produces<RealtimeAggregations>();

        group.MapGet("/stream-stats", (EngineMetrics metrics) => Results.Ok(Stats(metrics)))
            .WithName("StreamStats").WithSummary("Per input topic: records consumed, late and dead-lettered, and every partition's watermark, delay and checkpoint.")
            .Produces<StreamStats>();
        return app;
    }

    private static RealtimeAggregations Aggregations(EngineMetrics metrics)
    {
        var totals = metrics.Totals;
        long Total(string name) => totals.GetValueOrDefault(name);
        var byRule = totals.Where(t => t.Key.StartsWith("alerts:", StringComparison.Ordinal))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToDictionary(t => t.Key["alerts:".Length..], t => t.Value, StringComparer.Ordinal);
        return new RealtimeAggregations(Total("sessions_closed"), Total("product_windows_closed"), Total("alerts_raised"), byRule,
            Total("published"), Total("checkpoints"), DateTimeOffset.UtcNow);
    }

    private static StreamStats Stats(EngineMetrics metrics)
    {
        var totals = metrics.Totals;
        var partitions = metrics.Partitions;
        var topics = TopicNames.InputTopics.Select(topic => new StreamStats.Topic(topic,
            totals.GetValueOrDefault("consumed:" + topic), totals.GetValueOrDefault("late:" + topic), totals.GetValueOrDefault("dead_letters:" + topic),
            partitions.Where(p => p.PartitionId.StartsWith(topic + "-", StringComparison.Ordinal)).ToList())).ToList();
        return new StreamStats(topics, DateTimeOffset.UtcNow);
    }

    /// <summary>A gateway-only host has no actor system: the registry is optional.</summary>
    private static bool TryRegion<TKey>(HttpContext context, out IActorRef region)
    {
        region = ActorRefs.Nobody;
        return context.RequestServices.GetService(typeof(ActorRegistry)) is ActorRegistry registry && registry.TryGet<TKey>(out region);
    }
}
