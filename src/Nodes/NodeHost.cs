using Microsoft.Extensions.Options;
using Streaming.Analytics.Keyed;
using Streaming.Api;
using Streaming.Streams.Broker;
using Streaming.Streams.Contracts;

namespace Streaming.Nodes;

/// <summary>The composition root: one process that is gateway and (by role) processor.</summary>
public static class NodeHost
{
    /// <summary>
    /// Runs a node until it is stopped: the whole life of <c>Program.Main</c>. A startup failure is one line on stderr
    /// and exit code 2; <paramref name="modules"/> are the analytics it runs (<see cref="AnalyticModules.BuiltIn"/>
    /// and any of one's own).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, IReadOnlyList<IAnalyticModule> modules)
    {
        try
        {
            var app = Build(args, modules);
            await PrepareAsync(app);
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (StartupFailure.Explain(e) is { } line)
        {
            await Console.Error.WriteLineAsync("streaming: " + line);
            return StartupFailure.ExitCode;
        }
    }

    public static WebApplication Build(string[] args) => Build(args, AnalyticModules.BuiltIn);

    public static WebApplication Build(string[] args, IReadOnlyList<IAnalyticModule> modules)
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
        var cluster = NodeClusterOptions.From(builder.Configuration);
        PortCheck.EnsureFree(urls, cluster.Hostname, cluster.Port);
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = gateway.MaxBodyBytes * 8L);
        builder.Services.AddStreamingGateway(builder.Configuration);
        builder.Services.AddStreamingAkka(builder.Configuration, modules);
        builder.Services.AddHostedService<EngineService>();
        // The engine drains within its own bound; the host must wait for it (and Akka's shutdown after it).
        var drain = (builder.Configuration.GetSection(Engine.Processing.EngineOptions.Section).Get<Engine.Processing.EngineOptions>() ?? new Engine.Processing.EngineOptions()).DrainTimeout;
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drain + TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton(builder.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions());
        builder.Services.AddHostedService<DemoTraffic>();
        var app = builder.Build();
        app.MapStreamingGateway();
        app.MapProbes();
        return app;
    }

    /// <summary>Starts Kafka (embedded or remote), creates the SPEC topics and prints where Kafka is.</summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        var endpoint = app.Services.GetRequiredService<KafkaEndpoint>();
        var options = app.Services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        if (options.CreateTopics)
        {
            var parts = app.Services.GetRequiredService<EngineParts>();
            await app.Services.GetRequiredService<TopicAdmin>().EnsureTopicsAsync(parts.InputTopics.Concat(parts.OutputTopics).Concat(TopicNames.EngineTopics));
        }
        await app.Services.GetRequiredService<Api.Ingest.BacklogMonitor>().ConfigureAsync();
        Console.WriteLine($"Kafka bootstrap servers: {endpoint.BootstrapServers}{(endpoint.IsEmbedded ? " (embedded broker)" : "")}");
    }
}
