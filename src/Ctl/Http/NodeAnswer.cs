using System.Net.Http.Headers;

namespace Streaming.Ctl.Http;

/// <summary>The node's whole answer to one request, read before it is shown.</summary>
/// <param name="Request">What was asked, for messages: <c>GET /api/v1/admin/cluster</c>.</param>
/// <param name="RetryAfterSeconds">The Retry-After the node sent with a 503, when it said how long to wait.</param>
internal sealed record NodeAnswer(string Request, int Status, string Reason, string? MediaType, string Body, int? RetryAfterSeconds = null)
{
    public bool Ok => Status is >= 200 and < 300;

    public static async Task<NodeAnswer> ReadAsync(string request, HttpResponseMessage response, CancellationToken cancellation) =>
        new(request, (int)response.StatusCode, response.ReasonPhrase ?? "", response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsStringAsync(cancellation), RetryAfter(response.Headers.RetryAfter));

    private static int? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta is { } delta ? (int)Math.Ceiling(delta.TotalSeconds) : null;
}
