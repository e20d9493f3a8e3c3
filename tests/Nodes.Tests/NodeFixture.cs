using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Streams.Broker;

namespace Streaming.Nodes.Tests;

/// <summary>
/// An all-in-one node in this process, exactly as <c>dotnet run --project src/Nodes</c> builds it
/// (embedded broker, SQLite in a temp dir), with short windows so sessions, product windows and stalled orders close within seconds.
/// </summary>
public sealed class NodeFixture : IAsyncLifetime
{
    public const int GapSeconds = 5;
    public const int WindowSeconds = 10;
    public const int SlideSeconds = 2;
    public const int TopN = 3;
    public const int StallSeconds = 10;
    private readonly string _dir = Directory.CreateTempSubdirectory("streaming-node-").FullName;
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;
    public string Bootstrap => _app!.Services.GetRequiredService<KafkaEndpoint>().BootstrapServers;

    public async Task InitializeAsync()
    {
        _app = NodeHost.Build(
        [
            "--Streaming:Gateway:Urls=http://127.0.0.1:0",
            "--Streaming:Kafka:Partitions=3",
            $"--Streaming:Persistence:ConnectionString=Data Source={Path.Combine(_dir, "node.db")}",
            $"--Streaming:Analytics:SessionGap=00:00:0{GapSeconds}",
            "--Streaming:Analytics:OutOfOrderness=00:00:01",
            "--Streaming:Analytics:IdleAfter=00:00:02",
            $"--Streaming:Analytics:ProductWindow=00:00:{WindowSeconds:00}",
            $"--Streaming:Analytics:ProductSlide=00:00:{SlideSeconds:00}",
            $"--Streaming:Analytics:TrendingTopN={TopN}",
            $"--Streaming:Analytics:StallTimeout=00:00:{StallSeconds:00}",
            "--Streaming:Engine:CheckpointInterval=00:00:01",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await NodeHost.PrepareAsync(_app);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
