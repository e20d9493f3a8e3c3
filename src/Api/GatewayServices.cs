using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;
using Streaming.Api.Endpoints;
using Streaming.Api.Http;
using Streaming.Api.Ingest;
using Streaming.Streams.Broker;

namespace Streaming.Api;

public static class GatewayServices
{
    /// <summary>Registers the gateway: Kafka endpoint, shared producer, topic admin, JSON and OpenAPI.</summary>
    public static IServiceCollection AddStreamingGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KafkaOptions>(configuration.GetSection(KafkaOptions.Section));
        services.Configure<GatewayOptions>(configuration.GetSection(GatewayOptions.Section));
        services.AddSingleton<KafkaEndpoint>();
        services.AddSingleton<TopicAdmin>();
        services.AddSingleton<StreamInspector>();
        services.AddSingleton<BacklogGate>();
        services.AddSingleton<BacklogMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<BacklogMonitor>());
        services.AddSingleton<ConsumerLagMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsumerLagMetrics>());
        services.AddSingleton<EventPublisher>();
        services.AddSingleton<IngestService>();
        services.AddSingleton<TopicCatalog>();
        services.AddSingleton(ApiKeys.From(configuration.GetSection(GatewayOptions.Section)));
        services.AddSingleton<ApiKeyFilter>();
        services.AddSingleton<Tail.TopicTail>();
        // A node that runs the engine registers the processors' group first; a gateway alone reads the setting.
        services.TryAddSingleton(new ProcessorGroup(configuration["Streaming:Engine:GroupId"] ?? "streaming-processors"));
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = null;
        });
        services.AddEndpointsApiExplorer();
        services.AddStreamingOpenApi();
        return services;
    }

    /// <summary>Maps every gateway endpoint, /metrics and the interactive API docs at /docs.</summary>
    public static WebApplication MapStreamingGateway(this WebApplication app)
    {
        app.UseStatusCodePages();
        app.UseHttpMetrics();
        app.UseStreamingOpenApi();
        app.MapHealth();
        app.MapEventIngest();
        app.MapStreamingAdmin();
        app.MapStateAdmin();
        app.MapClusterAdmin();
        app.MapCrosscheck();
        app.MapShardingAdmin();
        app.MapPartitionAdmin();
        app.MapTopicTail();
        app.MapAnalytics();
        app.MapMetrics("/metrics");
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();
        return app;
    }
}
