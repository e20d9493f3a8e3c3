using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Streaming.Streams.Broker;

namespace Streaming.Api.Endpoints;

public static class HealthEndpoints
{
    public sealed record DependencyStatus(string Status, string? Detail);

    public sealed record HealthReport(string Status, DateTimeOffset CheckedAt, IReadOnlyDictionary<string, DependencyStatus> Dependencies);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/", (TopicAdmin admin) =>
        {
            var kafka = CheckKafka(admin);
            var deps = new Dictionary<string, DependencyStatus>(StringComparer.Ordinal) { ["kafka"] = kafka };
            var healthy = deps.Values.All(d => d.Status == "up");
            var report = new HealthReport(healthy ? "healthy" : "unhealthy", DateTimeOffset.UtcNow, deps);
            return Results.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        })
        .WithName("Health").WithTags("health")
        .WithSummary("Per-dependency health; 503 when a dependency is down.")
        .Produces<HealthReport>().Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static DependencyStatus CheckKafka(TopicAdmin admin)
    {
        try
        {
            var metadata = admin.Client.GetMetadata(TimeSpan.FromSeconds(2));
            return metadata.Brokers.Count > 0
                ? new DependencyStatus("up", $"{metadata.Brokers.Count} broker(s)")
                : new DependencyStatus("down", "no brokers in metadata");
        }
        catch (Confluent.Kafka.KafkaException e)
        {
            return new DependencyStatus("down", e.Error.Reason);
        }
    }
}
