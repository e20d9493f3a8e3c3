using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Streaming.Api.Http;

/// <summary>OpenAPI of the answers <see cref="ApiKeyFilter"/> gives.</summary>
public static class ApiKeyConventions
{
    public static RouteHandlerBuilder ProducesApiKeyProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
}
