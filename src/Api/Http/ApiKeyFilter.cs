using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Streaming.Api.Http;

/// <summary>
/// Guards admin and write endpoints with the X-API-Key header once API key hashes are configured: no key is 401, a key
/// whose hash is not configured 403. Refusals are logged without the key.
/// </summary>
public sealed class ApiKeyFilter(ApiKeys keys, ILogger<ApiKeyFilter> logger) : IEndpointFilter
{
    public const string Header = "X-API-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        switch (keys.Check(http.Request.Headers[Header].ToString()))
        {
            case ApiKeyVerdict.Open or ApiKeyVerdict.Accepted:
                return next(context);
            case ApiKeyVerdict.Missing:
                logger.LogInformation("Refused {Method} {Path} from {Remote}: no API key", http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress);
                http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{Header}\"";
                return ValueTask.FromResult<object?>(Problems.Status(StatusCodes.Status401Unauthorized, "API key required",
                    $"This endpoint needs an API key in the {Header} header.", "api-key-required"));
            default:
                logger.LogWarning("Refused {Method} {Path} from {Remote}: an API key that matches no configured hash", http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress);
                return ValueTask.FromResult<object?>(Problems.Status(StatusCodes.Status403Forbidden, "API key not accepted",
                    $"The key in the {Header} header matches none of the configured API key hashes.", "api-key-unknown"));
        }
    }
}
