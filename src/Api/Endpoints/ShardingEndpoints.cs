using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Api.Http;
using Streaming.Queries;

namespace Streaming.Api.Endpoints;

/// <summary>The engine's shard regions as Akka.Cluster.Sharding reports them (streaming-ctl's sharding verbs), API-key protected.</summary>
public static class ShardingEndpoints
{
    public static IEndpointRouteBuilder MapShardingAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/sharding").AddEndpointFilter<ApiKeyFilter>().WithTags("admin");
        group.MapGet("/regions", (HttpContext context, CancellationToken ct) => With(context, null, async (admin, types) =>
            {
                var stats = await Task.WhenAll(types.Select(t => admin.RegionStatsAsync(t, ct)));
                return Results.Ok(new ShardingRegions([.. stats.Select(ShardingViews.Summary)]));
            }))
            .WithName("ShardingRegions").WithSummary("Every shard region type the engine started, with each region's node, shard count and entities in memory (GetClusterShardingStats).")
            .Produces<ShardingRegions>().ProducesApiKeyProblems().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{type}/region-stats", (string type, HttpContext context) => With(context, type, async (admin, _) =>
                Results.Ok(await admin.RegionStatsAsync(type, context.RequestAborted))))
            .WithName("ShardingRegionStats").WithSummary("One region type across the cluster: each region's shards with their entity counts, and the processors whose region did not answer (GetClusterShardingStats).")
            .Produces<RegionStats>().ProducesApiKeyProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{type}/shard-stats", (string type, HttpContext context) => With(context, type, async (admin, _) =>
                Results.Ok(await admin.ShardStatsAsync(type, context.RequestAborted))))
            .WithName("ShardingShardStats").WithSummary($"One region type's shards on the answering node, with entity counts and the first {ShardingViews.EntitySample} entity ids (GetShardRegionState); none on a node without the processor role.")
            .Produces<ShardStats>().ProducesApiKeyProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>Answers with the sharding admin once the engine started its regions; <paramref name="type"/>, when given, must be one of them.</summary>
    private static async Task<IResult> With(HttpContext context, string? type, Func<IShardingAdmin, IReadOnlyList<string>, Task<IResult>> answer)
    {
        if (context.RequestServices.GetService<IShardingAdmin>() is not { TypeNames: { } types } admin)
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Sharding unavailable", "This node's engine has not started its shard regions yet; retry.", "engine-unavailable");
        if (type is not null && !types.Contains(type, StringComparer.Ordinal))
            return Problems.Status(StatusCodes.Status404NotFound, "Unknown shard region type",
                $"'{type}' is not a shard region type of this node; known types: {string.Join(", ", types)}.", "not-found",
                new Dictionary<string, object?> { ["known_types"] = types });
        try
        {
            return await answer(admin, types);
        }
        catch (TimeoutException e)
        {
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Sharding did not answer", e.Message + " Retry.", "engine-unavailable");
        }
    }
}
