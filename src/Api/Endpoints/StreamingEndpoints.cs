using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streaming.Api.Http;
using Streaming.Api.Ingest;
using Streaming.Streams.Broker;
using Streaming.Streams.Contracts;

namespace Streaming.Api.Endpoints;

/// <summary>Topic administration, raw produce and the streaming status of SPEC §4.</summary>
public static class StreamingEndpoints
{
    /// <summary>The body of POST /api/v1/streaming/produce (documents the schema; parsed by hand for exact errors).</summary>
    public sealed record ProduceRequest(string Topic, string? Key, JsonElement Value);

    public sealed record TopicsAnswer(IReadOnlyList<TopicInfo> Topics, int Count);

    public sealed record ConsumerGroupsAnswer(IReadOnlyList<GroupLag> Groups, int Count);

    public sealed record TopicCreated(string Topic, int Partitions, short ReplicationFactor, bool Created);

    public sealed record StreamingStatus(string Status, string BootstrapServers, bool EmbeddedBroker, IReadOnlyList<TopicInfo> Topics, IReadOnlyDictionary<string, long> ProducedCounts, DateTimeOffset Timestamp);

    public static IEndpointRouteBuilder MapStreamingAdmin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/examples/streaming-status", (KafkaEndpoint endpoint, TopicAdmin admin, EventPublisher publisher) =>
        {
            IReadOnlyList<TopicInfo> topics;
            try
            {
                topics = admin.ListTopics(TimeSpan.FromSeconds(3));
            }
            catch (Confluent.Kafka.KafkaException)
            {
                topics = [];
            }
            return Results.Ok(new StreamingStatus(topics.Count > 0 ? "running" : "kafka_unreachable", endpoint.BootstrapServers, endpoint.IsEmbedded, topics,
                new SortedDictionary<string, long>(publisher.Produced.ToDictionary(), StringComparer.Ordinal), DateTimeOffset.UtcNow));
        }).WithName("StreamingStatus").WithTags("streaming").WithSummary("Bootstrap servers, whether the broker is embedded, topics and produced counts.")
          .Produces<StreamingStatus>();

        var streaming = app.MapGroup("/api/v1/streaming").WithTags("streaming");
        streaming.MapGet("/topics", (TopicAdmin admin, HttpContext context, IOptions<GatewayOptions> options) =>
        {
            try
            {
                var topics = admin.ListTopics(TimeSpan.FromSeconds(5));
                return Results.Ok(new TopicsAnswer(topics, topics.Count));
            }
            catch (Confluent.Kafka.KafkaException e)
            {
                return Problems.Unavailable(context, options.Value.RetryAfterSeconds, "Kafka metadata is unavailable: " + e.Error.Reason);
            }
        }).WithName("ListTopics").WithSummary("Topics with their partition counts.").Produces<TopicsAnswer>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        streaming.MapPost("/topics/{name}/create", async (string name, int? partitions, short? replication_factor, TopicAdmin admin, TopicCatalog catalog, KafkaEndpoint endpoint, HttpContext context, IOptions<GatewayOptions> options) =>
        {
            var errors = new List<KeyValuePair<string, string[]>>();
            if (!TopicNames.IsSafeCustomTopicName(name))
                errors.Add(new("name", ["Use letters, digits, '.', '_' or '-' (not starting with '__'), at most 249 characters."]));
            var p = partitions ?? endpoint.Options.Partitions;
            var rf = replication_factor ?? endpoint.Options.ReplicationFactor;
            if (p is < 1 or > 1000) errors.Add(new("partitions", ["Must be between 1 and 1000."]));
            if (rf is < 1 or > 16) errors.Add(new("replication_factor", ["Must be between 1 and 16."]));
            if (errors.Count > 0) return Problems.Validation(errors);
            try
            {
                var created = await admin.CreateTopicAsync(name, p, rf, context.RequestAborted);
                catalog.Remember(name);
                return Results.Ok(new TopicCreated(name, p, rf, created));
            }
            catch (Confluent.Kafka.KafkaException e)
            {
                return Problems.Unavailable(context, options.Value.RetryAfterSeconds, "Kafka could not create the topic: " + e.Error.Reason);
            }
        }).AddEndpointFilter<ApiKeyFilter>().WithName("CreateTopic").WithSummary("Create a topic (idempotent: created=false when it existed).")
          .Produces<TopicCreated>().ProducesValidationProblem().ProducesApiKeyProblems();

        streaming.MapGet("/consumer-groups", async (string[]? group, TopicAdmin admin, HttpContext context, IOptions<GatewayOptions> options) =>
        {
            var known = (group ?? []).ToList();
            known.Add(context.RequestServices.GetRequiredService<ProcessorGroup>().Id);
            try
            {
                var groups = await admin.DescribeGroupLagAsync(known, context.RequestAborted);
                return Results.Ok(new ConsumerGroupsAnswer(groups, groups.Count));
            }
            catch (Confluent.Kafka.KafkaException e)
            {
                return Problems.Unavailable(context, options.Value.RetryAfterSeconds, "Kafka could not describe the consumer groups: " + e.Error.Reason);
            }
        }).WithName("ConsumerGroups").WithSummary("Consumer groups with committed offsets and lag per partition (the processors' group, plus ?group= names; every group on a real cluster).")
          .Produces<ConsumerGroupsAnswer>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        streaming.MapPost("/produce", Produce).AddEndpointFilter<ApiKeyFilter>().WithName("Produce")
            .WithSummary("Produce one record {topic, key?, value, headers?}; event topics validate value as that event.")
            .Accepts<ProduceRequest>("application/json").Produces<Accepted>().ProducesValidationProblem()
            .ProducesApiKeyProblems().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> Produce(HttpContext context, IngestService ingest, TopicCatalog catalog, IOptions<GatewayOptions> options)
    {
        var body = await JsonBody.ReadAsync(context, options.Value.MaxBodyBytes);
        if (body.Error is not null) return body.Error;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Body, new JsonDocumentOptions { MaxDepth = 34 });
        }
        catch (JsonException e)
        {
            return Problems.Validation([new("body", ["The body is not valid JSON: " + e.Message])]);
        }
        using var _ = document;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return Problems.Validation([new("body", ["The body must be an object {topic, key?, value, headers?}."])]);

        var errors = new List<KeyValuePair<string, string[]>>();
        string? topic = root.TryGetProperty("topic", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (string.IsNullOrEmpty(topic)) errors.Add(new("topic", ["Required: the name of the topic to write to."]));
        string? key = null;
        if (root.TryGetProperty("key", out var k) && k.ValueKind != JsonValueKind.Null)
        {
            if (k.ValueKind == JsonValueKind.String) key = k.GetString();
            else errors.Add(new("key", ["Must be a string."]));
        }
        var hasValue = root.TryGetProperty("value", out var value) && value.ValueKind != JsonValueKind.Null;
        if (!hasValue) errors.Add(new("value", ["Required: the record's JSON value."]));
        if (errors.Count > 0) return Problems.Validation(errors);

        var codec = EventCodec.ForTopic(topic!);
        if (codec is null)
        {
            if (catalog.CheckCustomTopic(topic!) is { } problem) return Problems.Validation([new("topic", [problem])]);
            codec = EventCodec.Custom(topic!, key);
        }
        var parsed = codec.Parse(value, DateTimeOffset.UtcNow);
        if (parsed.Event is not { } ev)
            return Problems.Validation(parsed.Errors.Select(e => new KeyValuePair<string, string[]>(e.Key == FieldError.Body ? "value" : "value." + e.Key, e.Value)));
        try
        {
            return Results.Ok(await ingest.WriteAsync(codec.Topic, ev.EventId, ev.Key, ev.Payload, context.RequestAborted));
        }
        catch (BrokerUnavailableException e)
        {
            return Problems.Unavailable(context, options.Value.RetryAfterSeconds, e.Message);
        }
    }

}
