using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Streaming.Api.Http;
using Streaming.Api.Tail;
using Streaming.Streams.Broker;

namespace Streaming.Api.Endpoints;

/// <summary>A topic's records as they are read (streaming-ctl's tail verb): raw records, so the admin key guards it.</summary>
public static class TailEndpoints
{
    public static IEndpointRouteBuilder MapTopicTail(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/streaming/topics/{name}/tail", async (string name, bool? from_beginning, string? key, int? limit, HttpContext context,
            TopicAdmin admin, TopicTail tail, IOptions<GatewayOptions> options) =>
        {
            if (limit is < 1)
                return Problems.Validation(new Dictionary<string, string[]> { ["limit"] = ["must be 1 or more (leave it out to follow the topic until you disconnect)"] }, "Nothing was read.");
            int partitions;
            try
            {
                // The listing, not a metadata request for the name: a broker that creates topics on demand (Kafka's default,
                // librdkafka's mock) would create the topic asked about. Internal topics (__consumer_offsets, …) are not listed.
                partitions = admin.ListTopics(TimeSpan.FromSeconds(5)).FirstOrDefault(t => t.Name == name)?.Partitions ?? 0;
            }
            catch (Confluent.Kafka.KafkaException e)
            {
                return Problems.Unavailable(context, options.Value.RetryAfterSeconds, "Kafka metadata is unavailable: " + e.Error.Reason);
            }
            if (partitions == 0)
                return Problems.Status(StatusCodes.Status404NotFound, "Unknown topic", $"Topic '{name}' does not exist; GET /api/v1/streaming/topics lists the topics.", "not-found",
                    new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["name"] = [$"no topic '{name}'"] } });
            return await ServerSentEvents.StreamAsync(context, "record", tail.ReadAsync(name, partitions, from_beginning ?? false, key, limit, context.RequestAborted));
        }).AddEndpointFilter<ApiKeyFilter>().WithName("TailTopic").WithTags("streaming")
          .WithSummary("A topic's records as they are read (text/event-stream, `event: record`), from the end or from the beginning, optionally only one key's, ending after `limit` records; reads in no consumer group and commits nothing.")
          .Produces<TailRecord>(StatusCodes.Status200OK, ServerSentEvents.ContentType).ProducesValidationProblem().ProducesApiKeyProblems()
          .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}
