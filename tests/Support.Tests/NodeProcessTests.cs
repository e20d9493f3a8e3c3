using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using Streaming.Streams.Contracts;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Support.Tests;

public sealed class NodeProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void External_kafka_has_every_spec_topic_with_the_requested_partitions()
    {
        using var kafka = ExternalKafka.Start(partitions: 4);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        foreach (var topic in TopicNames.InputTopics.Concat(TopicNames.ResultTopics))
        {
            var t = Assert.Single(metadata.Topics, m => m.Topic == topic);
            Assert.Equal(4, t.Partitions.Count);
        }
    }

    [Fact]
    public async Task A_killed_node_is_gone_and_its_port_is_free()
    {
        using var kafka = ExternalKafka.Start(partitions: 2);
        await using var node = NodeProcess.Start(kafka, onOutput: output.WriteLine);

        using (var health = await node.WaitForHttpAsync("/health/", StartTimeout))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var line = await node.WaitForLineAsync(l => l.Contains("Kafka bootstrap servers:", StringComparison.Ordinal), StartTimeout);
        Assert.Contains(kafka.BootstrapServers, line, StringComparison.Ordinal);
        Assert.DoesNotContain("embedded", line, StringComparison.Ordinal);

        var pid = node.Id;
        node.Kill();

        Assert.True(node.HasExited);
        Assert.NotEqual(0, node.ExitCode);
        Assert.False(Directory.Exists($"/proc/{pid}"));
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
        using (var client = new TcpClient())
        {
            var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, node.Port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }
        var listener = new TcpListener(IPAddress.Loopback, node.Port);
        listener.Start();
        listener.Stop();

        // The broker outlived the crash: a new node on the same port finds it.
        await using var second = NodeProcess.Start(new NodeProcessOptions { Environment = kafka.NodeEnvironment, Port = node.Port, OnOutput = output.WriteLine });
        using (var health = await second.WaitForHttpAsync("/health/", StartTimeout))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Waiting_for_a_line_fails_fast_when_the_process_ends()
    {
        // A node that cannot start (an unusable gateway URL) exits at once.
        await using var node = NodeProcess.Start(new NodeProcessOptions
        {
            Environment = new Dictionary<string, string> { ["Streaming__Gateway__Urls"] = "not-a-url" },
            OnOutput = output.WriteLine,
        });
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => node.WaitForLineAsync(_ => false, StartTimeout, "the impossible line"));
        Assert.Contains("ended", ex.Message, StringComparison.Ordinal);
        Assert.True(node.HasExited);
    }
}

/// <summary>A class of its own so that xunit runs it in parallel with the kill test.</summary>
public sealed class NodeProcessStopTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_node_stops_gracefully_on_SIGTERM()
    {
        using var kafka = ExternalKafka.Start(partitions: 2);
        await using var node = NodeProcess.Start(kafka, onOutput: output.WriteLine);
        using (var health = await node.WaitForHttpAsync("/health/", TimeSpan.FromSeconds(120)))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        Assert.Equal(0, await node.StopAsync(TimeSpan.FromSeconds(120)));
        Assert.True(node.HasExited);
        Assert.Contains(node.Lines, l => l.Contains("Application is shutting down", StringComparison.Ordinal));
    }
}
