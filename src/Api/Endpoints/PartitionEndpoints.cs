using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streaming.Api.Admin;
using Streaming.Api.Http;
using Streaming.Api.Ingest;
using Streaming.Queries;
using Streaming.Streams.Broker;

namespace Streaming.Api.Endpoints;

/// <summary>The input partitions with owner, stored checkpoint, Kafka position and lag (streaming-ctl's partitions verb), API-key protected.</summary>
public static class PartitionEndpoints
{
    /// <summary>Member statuses in which a node may still process partitions (as the state reset judges them).</summary>
    private static readonly HashSet<string> Live = new(["Joining", "WeaklyUp", "Up", "Leaving"], StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapPartitionAdmin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/admin/partitions", async (HttpContext context, TopicAdmin admin, ProcessorGroup group, IOptions<GatewayOptions> options) =>
        {
            var services = context.RequestServices;
            var ct = context.RequestAborted;
            PartitionFacts facts;
            try
            {
                // From the listing: a metadata request naming a missing input topic would have the broker create it.
                var listed = admin.ListTopics(TimeSpan.FromSeconds(5)).ToDictionary(t => t.Name, t => t.Partitions, StringComparer.Ordinal);
                var topics = group.Topics.Select(t => (Topic: t, Partitions: listed.GetValueOrDefault(t))).ToList();
                var positions = await admin.GroupPositionsAsync(group.Id,
                    [.. topics.SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => new TopicPartition(t.Topic, p)))], ct);
                var ids = topics.SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => $"{t.Topic}-{p}")).ToList();
                var checkpoints = services.GetService<IPartitionCheckpoints>() is { } stored ? await stored.ReadAsync(ids, ct) : [];
                var cluster = services.GetService<IClusterAdmin>()?.View();
                var engine = services.GetService<IEngineStatus>()?.Current;
                facts = new PartitionFacts
                {
                    Topics = topics,
                    Committed = positions.Committed.ToDictionary(p => (p.Key.Topic, p.Key.Partition.Value), p => p.Value),
                    Ends = positions.Ends.ToDictionary(p => (p.Key.Topic, p.Key.Partition.Value), p => p.Value),
                    Assigned = positions.Assigned?.Select(p => (p.Topic, p.Partition.Value)).ToHashSet(),
                    Checkpoints = checkpoints,
                    Self = cluster?.Self,
                    LiveMembers = cluster?.Members.Where(m => Live.Contains(m.Status)).Select(m => m.Address).ToHashSet(StringComparer.Ordinal) ?? [],
                    // A partition that was started has an epoch; the engine's figures can outlive a stop by a late update.
                    ProcessedHere = engine?.Partitions.Where(p => p.Epoch > 0).Select(p => p.PartitionId).ToHashSet(StringComparer.Ordinal) ?? [],
                    HeldHere = engine?.Held.Keys.ToHashSet(StringComparer.Ordinal) ?? [],
                    Now = DateTimeOffset.UtcNow,
                };
            }
            catch (KafkaException e)
            {
                return Problems.Unavailable(context, options.Value.RetryAfterSeconds, "Kafka could not describe the processors' partitions: " + e.Error.Reason);
            }
            return Results.Ok(new PartitionsAnswer(PartitionRows.Assemble(facts), group.Id, facts.Now));
        }).AddEndpointFilter<ApiKeyFilter>().WithName("Partitions").WithTags("admin")
          .WithSummary("Every input partition: the node processing it, its stored checkpoint and watermark, the processors' committed offset, the log end and the lag; state processing, held or unassigned.")
          .Produces<PartitionsAnswer>().ProducesApiKeyProblems().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}
