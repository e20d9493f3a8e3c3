using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Streaming.Api;

internal static class OpenApiSetup
{
    public static IServiceCollection AddStreamingOpenApi(this IServiceCollection services) =>
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new() { Title = "Streaming gateway", Version = "v1", Description = "Ingest user, product and order events into Kafka; admin and analytics endpoints." });
            o.OperationFilter<ExamplesOperationFilter>();
        });

    public static WebApplication UseStreamingOpenApi(this WebApplication app)
    {
        app.UseSwagger(o => o.RouteTemplate = "openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Streaming v1");
            o.DocumentTitle = "Streaming API";
        });
        return app;
    }
}
