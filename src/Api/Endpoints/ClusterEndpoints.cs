using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Streaming.Api.Http;
using Streaming.Queries;

namespace Streaming.Api.Endpoints;

/// <summary>The cluster's membership and the operator's commands on it (streaming-ctl's cluster verbs), API-key protected.</summary>
public static class ClusterEndpoints
{
    public sealed record Affected(IReadOnlyList<string> Addresses);

    public static IEndpointRouteBuilder MapClusterAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/cluster").AddEndpointFilter<ApiKeyFilter>().WithTags("admin");
        group.MapGet("", (HttpContext context) => With(context, admin => Results.Ok(admin.View())))
            .WithName("ClusterMembers").WithSummary("Members with status, roles and reachability, the leader and the oldest member, as this node sees them.")
            .Produces<ClusterView>().ProducesApiKeyProblems();
        group.MapGet("/events", (HttpContext context, CancellationToken ct) => context.RequestServices.GetService(typeof(IClusterAdmin)) is IClusterAdmin admin
                ? ServerSentEvents.StreamAsync(context, "member", admin.Events(ct))
                : Task.FromResult(NoCluster()))
            .WithName("ClusterEvents").WithSummary("Membership events as they happen (text/event-stream, `event: member`), the current state first: every member's status, unreachable members, the leader.")
            .Produces<ClusterEventView>(StatusCodes.Status200OK, ServerSentEvents.ContentType).ProducesApiKeyProblems()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/down", (string? address, HttpContext context) => With(context, admin => Command(address, admin.Down)))
            .WithName("DownMember").WithSummary("Marks a member down: it is removed from the cluster and stops; its partitions and shards move to the others.")
            .Produces<Affected>().ProducesValidationProblem().ProducesApiKeyProblems();
        group.MapPost("/leave", (string? address, HttpContext context) => With(context, admin => Command(address, admin.Leave)))
            .WithName("LeaveMember").WithSummary("Asks a member to leave gracefully: it hands its partitions over, then stops.")
            .Produces<Affected>().ProducesValidationProblem().ProducesApiKeyProblems();
        group.MapPost("/down-unreachable", (HttpContext context) => With(context, admin => Results.Ok(new Affected(admin.DownUnreachable()))))
            .WithName("DownUnreachable").WithSummary("Downs every member this node sees as unreachable.")
            .Produces<Affected>().ProducesApiKeyProblems();
        return app;
    }

    private static IResult With(HttpContext context, Func<IClusterAdmin, IResult> answer) =>
        context.RequestServices.GetService(typeof(IClusterAdmin)) is IClusterAdmin admin
            ? answer(admin)
            : NoCluster();

    private static IResult NoCluster() =>
        Problems.Status(StatusCodes.Status503ServiceUnavailable, "No cluster", "This node is not a cluster member.", "no-cluster");

    private static IResult Command(string? address, Func<string, bool> command)
    {
        if (string.IsNullOrWhiteSpace(address))
            return Problems.Validation(new Dictionary<string, string[]> { ["address"] = ["required: a member's address as `cluster show` lists it, e.g. akka.tcp://streaming@10.0.0.5:4053"] }, "Nothing was changed.");
        return command(address)
            ? Results.Ok(new Affected([address]))
            : Problems.Validation(new Dictionary<string, string[]> { ["address"] = [$"'{address}' is not a member; `streaming-ctl cluster show` lists the members"] }, "Nothing was changed.");
    }
}
