using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Streaming.Api.Http;
using Streaming.Queries;
using Streaming.Streams.Broker;
using Streaming.Streams.Contracts;

namespace Streaming.Api.Endpoints;

/// <summary>Admin operations on the engine's stored partition state.</summary>
public static class StateEndpoints
{
    public sealed record ResetAnswer(IReadOnlyList<string> Reset, IReadOnlyList<StateResetRefusal> Refused);

    public static IEndpointRouteBuilder MapStateAdmin(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/admin/state/reset", async (string? topic, int? partition, HttpContext context, TopicAdmin admin, IOptions<GatewayOptions> options) =>
        {
            if (context.RequestServices.GetService(typeof(IStateAdmin)) is not IStateAdmin state)
                return Problems.Status(StatusCodes.Status503ServiceUnavailable, "No engine", "This node hosts no processing engine; send the reset to a processor node.", "no-engine");
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (topic is not null && !state.InputTopics.Contains(topic))
                errors["topic"] = [$"'{topic}' is not an input topic; use one of {string.Join(", ", state.InputTopics)}"];
            if (partition is not null && topic is null) errors["partition"] = ["a partition needs its topic"];
            if (partition is < 0) errors["partition"] = ["must be 0 or more"];
            if (errors.Count > 0) return Problems.Validation(errors, "Nothing was reset.");
            var ids = new List<string>();
            try
            {
                foreach (var name in topic is null ? state.InputTopics : [topic])
                {
                    var count = admin.PartitionCount(name, TimeSpan.FromSeconds(5));
                    if (partition is { } p && p >= count)
                        return Problems.Validation(new Dictionary<string, string[]> { ["partition"] = [$"{name} has {count} partitions (0 to {count - 1})"] }, "Nothing was reset.");
                    ids.AddRange(Enumerable.Range(0, count).Where(i => partition is null || i == partition).Select(i => $"{name}-{i}"));
                }
            }
            catch (Confluent.Kafka.KafkaException e)
            {
                return Problems.Unavailable(context, options.Value.RetryAfterSeconds, "Kafka metadata is unavailable: " + e.Error.Reason);
            }
            var result = await state.ResetAsync(ids, context.RequestAborted);
            var answer = new ResetAnswer(result.Reset, result.Refused);
            return result.Refused.Count == 0
                ? Results.Ok(answer)
                : Problems.Status(StatusCodes.Status409Conflict, "Partitions being processed",
                    string.Join("; ", result.Refused.Select(r => r.Reason)), "state-in-use",
                    new Dictionary<string, object?> { ["reset"] = result.Reset, ["refused"] = result.Refused });
        }).AddEndpointFilter<ApiKeyFilter>().WithName("ResetState").WithTags("admin")
          .WithSummary("Drops the stored state of input partitions so that they start from fresh state (refused while a partition is processed).")
          .Produces<ResetAnswer>().ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem().ProducesApiKeyProblems();
        return app;
    }
}
