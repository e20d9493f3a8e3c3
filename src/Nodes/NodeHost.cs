using Microsoft.Extensions.Options;
using Streaming.Api;
using Streaming.Streams.Broker;
using Streaming.Streams.Contracts;

namespace Streaming.Nodes;

/// <summary>The composition root: one process that is gateway and (by role) processor.</summary>
public static class NodeHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(CommandLineFlags.Settings(args));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        var gateway = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        var urls = gateway.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries);
        var cluster = builder.Configuration.GetSection(NodeClusterOptions.Section).Get<NodeClusterOptions>() ?? new NodeClusterOptions();
        PortCheck.EnsureFree(urls, cluster.Hostname, cluster.Port);
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = gateway.MaxBodyBytes * 8L);
        builder.Services.AddStreamingGateway(builder.Configuration);
        builder.Services.AddStreamingAkka(builder.Configuration);
        builder.Services.AddHostedService<EngineService>();
        // The engine drains within its own bound; the host must wait for it (and Akka's shutdown after it).
        var drain = (builder.Configuration.GetSection(Actors.Engine.EngineOptions.Section).Get<Actors.Engine.EngineOptions>() ?? new Actors.Engine.EngineOptions()).DrainTimeout;
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drain + TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton(builder.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions());
        builder.Services.AddHostedService<DemoTraffic>();
        var app = builder.Build();
        app.MapStreamingGateway();
        return app;
    }

    /// <summary>Starts Kafka (embedded or remote), creates the SPEC topics and prints where Kafka is.</summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        var endpoint = app.Services.GetRequiredService<KafkaEndpoint>();
        var options = app.Services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        if (options.CreateTopics)
            await app.Services.GetRequiredService<TopicAdmin>().EnsureTopicsAsync(TopicNames.InputTopics.Concat(TopicNames.ResultTopics));
        await app.Services.GetRequiredService<Api.Ingest.BacklogMonitor>().ConfigureAsync();
        Console.WriteLine($"Kafka bootstrap servers: {endpoint.BootstrapServers}{(endpoint.IsEmbedded ? " (embedded broker)" : "")}");
    }
}
