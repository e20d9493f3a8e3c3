using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Streaming.Actors.Engine;
using Streaming.Actors.Entities;
using Streaming.Actors.Sessions;
using Streaming.Api.Http;

namespace Streaming.Api.Endpoints;

/// <summary>Live state asked of the entities, and the engine's processing figures (SPEC §4).</summary>
public static class AnalyticsEndpoints
{
    public sealed record ProcessingMetrics(IReadOnlyDictionary<string, long> Totals, IReadOnlyCollection<EngineMetrics.PartitionState> Partitions, DateTimeOffset Timestamp);

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
                var view = await users.Ask<UserSessionView>(new GetUserSession(user_id), TimeSpan.FromSeconds(5), context.RequestAborted);
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

        group.MapGet("/processing-metrics", (EngineMetrics metrics) => Results.Ok(new ProcessingMetrics(metrics.Totals, metrics.Partitions, DateTimeOffset.UtcNow)))
            .WithName("ProcessingMetrics").WithSummary("Records consumed, published, late and dead-lettered; per-partition watermark and checkpoint.")
            .Produces<ProcessingMetrics>();
        return app;
    }
}
