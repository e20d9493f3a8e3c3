using System.Net.Http.Headers;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Streaming.Streams.Broker;
using Streaming.Streams.Contracts;

namespace Streaming.Api.Tests;

/// <summary>
/// The gateway on a free loopback port with its embedded broker, as a node runs it; the test
/// reaches the broker through the node's own <see cref="KafkaEndpoint"/> to stop and restart it.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;
    public KafkaEndpoint Kafka => _app!.Services.GetRequiredService<KafkaEndpoint>();
    public string Bootstrap => Kafka.BootstrapServers;
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Streaming:Kafka:BootstrapServers"] = "",
            ["Streaming:Kafka:Partitions"] = "3",
            ["Streaming:Kafka:DeliveryTimeoutMs"] = "3000",
            ["Streaming:Gateway:MaxBodyBytes"] = "65536",
            ["Streaming:Gateway:MaxBatchEvents"] = "100",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddStreamingGateway(builder.Configuration);
        _app = builder.Build();
        _app.MapStreamingGateway();
        await _app.Services.GetRequiredService<TopicAdmin>().EnsureTopicsAsync(TopicNames.InputTopics.Concat(TopicNames.ResultTopics).Append("custom.bad"));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Sum over partitions of the high watermark: changes exactly when a record is appended.</summary>
    public long EndOffsets(string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = Bootstrap, GroupId = "probe" }).Build();
        var partitions = Services.GetRequiredService<TopicAdmin>().ListTopics(TimeSpan.FromSeconds(5)).Single(t => t.Name == topic).Partitions;
        long sum = 0;
        for (var p = 0; p < partitions; p++)
            sum += consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(5)).High.Value;
        return sum;
    }

    public static HttpContent Json(string body) => new StringContent(body, System.Text.Encoding.UTF8, "application/json");

    public static HttpContent Raw(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
