using Microsoft.AspNetCore.Http;

namespace Streaming.Api.Http;

/// <summary>RFC 9457 problem documents for the gateway's error answers.</summary>
public static class Problems
{
    public static IResult Validation(IEnumerable<KeyValuePair<string, string[]>> errors, string detail = "The request has invalid fields; nothing was written to Kafka.") =>
        Results.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            detail: detail, title: "Invalid request", type: "https://streaming.dev/problems/validation");

    public static IResult Status(int status, string title, string detail, string type, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: "https://streaming.dev/problems/" + type, extensions: extensions);

    public static IResult Unavailable(HttpContext context, int retryAfterSeconds, string detail, IDictionary<string, object?>? extensions = null)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Status(StatusCodes.Status503ServiceUnavailable, "Kafka unavailable", detail, "kafka-unavailable", extensions);
    }
}
