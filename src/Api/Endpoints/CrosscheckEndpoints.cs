using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Streaming.Api.Http;
using Streaming.Crosscheck;
using Streaming.Crosscheck.Engine;
using Streaming.Crosscheck.Kafka;
using Streaming.Crosscheck.Reconcile;
using Streaming.Streams.Broker;

namespace Streaming.Api.Endpoints;

/// <summary>
/// The cross-check of spec §6 on the node's own broker (streaming-ctl crosscheck): the engine's result topics, or one
/// named topic, against the DuckDB engine over the input topics, or against another topic (e.g. a Flink job's sink).
/// </summary>
public static class CrosscheckEndpoints
{
    public static IEndpointRouteBuilder MapCrosscheck(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/admin/crosscheck", RunAsync).AddEndpointFilter<ApiKeyFilter>().WithTags("admin").WithName("Crosscheck")
            .WithSummary("Compares two sides' results for a range of result event time (from inclusive, to exclusive) by result id: missing, extra and differing records, field by field. "
                + "left: a result topic (default: the engine's four result topics); right: a result topic, or engine=duckdb (the default) for the independent DuckDB engine over the input topics. "
                + "The answer's agrees says whether they agree.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> RunAsync(string? from, string? to, string? left, string? right, string? engine, HttpContext context)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var start = Time(from, "from", errors);
        var end = Time(to, "to", errors);
        if (start is { } s && end is { } e && e <= s) errors["to"] = ["must be after from"];
        if (engine is not null && !string.Equals(engine, "duckdb", StringComparison.Ordinal)) errors["engine"] = ["the only engine is duckdb"];
        if (engine is not null && right is not null) errors["right"] = ["give either right or engine, not both"];
        if (errors.Count > 0) return Problems.Validation(errors, "Nothing was compared.");

        var services = context.RequestServices;
        var kafka = new TopicReaderOptions { BootstrapServers = services.GetRequiredService<KafkaEndpoint>().BootstrapServers };
        var analytics = services.GetRequiredService<IConfiguration>().GetSection("Streaming:Analytics").Get<DuckDbEngineOptions>() ?? new DuckDbEngineOptions();
        var leftSide = left is null ? ResultSource.Topics(kafka) : ResultSource.Topic(kafka, left);
        var rightSide = right is null ? ResultSource.DuckDb(kafka, analytics) : ResultSource.Topic(kafka, right);
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Streaming.Crosscheck");
        var progress = new Progress<CrosscheckProgress>(p => log.LogInformation("crosscheck {Stage} {Detail}: {Count}", p.Stage, p.Detail, p.Count));
        try
        {
            var report = await Crosscheck.Crosscheck.RunAsync(leftSide, rightSide, start!.Value, end!.Value, progress: progress, cancellationToken: context.RequestAborted);
            return Results.Text(report.ToJson(indented: false), "application/json");
        }
        catch (ArgumentException ex)
        {
            // The sides share no result kind, or a topic's kind cannot be told from its name.
            return Problems.Validation(new Dictionary<string, string[]> { [right is null ? "left" : "right"] = [ex.Message] }, "Nothing was compared.");
        }
    }

    private static DateTimeOffset? Time(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            errors[field] = ["required: an ISO-8601 time, e.g. 2026-12-01T09:00:00Z"];
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)) return time;
        errors[field] = [$"'{value}' is not an ISO-8601 time, e.g. 2026-12-01T09:00:00Z"];
        return null;
    }
}
