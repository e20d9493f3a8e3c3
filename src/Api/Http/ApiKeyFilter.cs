using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Streaming.Api.Http;

/// <summary>Guards admin and write endpoints with the X-API-Key header once an API key is configured.</summary>
public sealed class ApiKeyFilter(IOptions<GatewayOptions> options) : IEndpointFilter
{
    public const string Header = "X-API-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.ApiKey;
        if (string.IsNullOrEmpty(expected)) return next(context);
        var given = context.HttpContext.Request.Headers[Header].ToString();
        if (System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(expected)))
            return next(context);
        return ValueTask.FromResult<object?>(Problems.Status(StatusCodes.Status401Unauthorized, "API key required",
            $"This endpoint needs the configured API key in the {Header} header.", "api-key"));
    }
}
