using System.Text.Json;
using Confluent.Kafka;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Nodes.Tests;

/// <summary>
/// A node whose stored state does not fit the stream it finds: another broker, records gone before they were
/// processed. Never a silent skip: refused with a message and reset by the operator, or counted per policy.
/// </summary>
public sealed class StreamIdentityTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("streaming-identity-").FullName;

    private NodeProcess Start(ExternalKafka kafka, params (string Key, string Value)[] settings) => NodeProcess.Start(new NodeProcessOptions
    {
        Environment = new Dictionary<string, string>(kafka.NodeEnvironment.Concat(SessionTraffic.Settings(settings))),
        Arguments = ["--data-dir", _dataDir],
        OnOutput = output.WriteLine,
    });

    [Fact]
    public async Task A_replaced_external_broker_is_refused_until_the_state_is_reset_and_then_processed_exactly()
    {
        var day = new DateTimeOffset(2026, 10, 2, 14, 0, 0, TimeSpan.Zero);
        var first = TrafficGenerator.Generate(seed: 61, users: 6, eventsPerUser: 15, day, SessionTraffic.Gap, "swap_u");
        var second = TrafficGenerator.Generate(seed: 62, users: 6, eventsPerUser: 15, day, SessionTraffic.Gap, "swap_u");

        using (var kafka = ExternalKafka.Start(partitions: 2))
        await using (var node = Start(kafka))
        {
            (await node.WaitForHttpAsync()).Dispose();
            await SessionTraffic.PostAsync(node.Http, first);
            await SessionTraffic.AssertSessionsAsync(kafka.BootstrapServers, "swap_u", first);

            // While its partitions are processed, their state is not reset.
            var refused = await Ctl.RunAsync(node, "state", "reset", "--topic", "user_events");
            Assert.Equal(1, refused.Code);
            Assert.Contains("is being processed by node", refused.Output, StringComparison.Ordinal);
            Assert.Equal(0, await node.StopAsync());
        }

        using var replaced = ExternalKafka.Start(partitions: 2);
        await using var again = Start(replaced);
        (await again.WaitForHttpAsync()).Dispose();
        foreach (var partition in new[] { 0, 1 })
        {
            var error = await again.WaitForLineAsync(l => l.Contains($"user_events-{partition}: the stored state was taken from", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), $"the refusal of user_events-{partition}");
            Assert.Contains("fail:", error, StringComparison.Ordinal);
            Assert.Contains($"streaming-ctl state reset --topic user_events --partition {partition}", error, StringComparison.Ordinal);
        }
        var held = (await SessionTraffic.MetricsAsync(again)).GetProperty("held");
        Assert.True(held.TryGetProperty("user_events-0", out _));

        // Posted while held: nothing is processed, nothing is lost.
        await SessionTraffic.PostAsync(again.Http, second);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Empty(SessionTraffic.Records(replaced.BootstrapServers, "swap_u"));

        var reset = await Ctl.RunAsync(again, "state", "reset");
        Assert.True(reset.Code == 0, reset.Output);
        Assert.Contains("user_events-1", reset.Output, StringComparison.Ordinal);
        await SessionTraffic.AssertSessionsAsync(replaced.BootstrapServers, "swap_u", second);
        var metrics = await SessionTraffic.MetricsAsync(again);
        Assert.Empty(metrics.GetProperty("held").EnumerateObject());
        Assert.Equal(0, SessionTraffic.Total(metrics, "late:user_events"));
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("reset")]
    public async Task Records_deleted_before_they_were_processed_are_counted_and_follow_the_policy(string policy)
    {
        using var kafka = ExternalKafka.Start(partitions: 1);
        var start = new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero);
        var first = TrafficGenerator.Generate(seed: 71, users: 4, eventsPerUser: 10, start, SessionTraffic.Gap, "gone_a");
        await using (var node = Start(kafka))
        {
            (await node.WaitForHttpAsync()).Dispose();
            await SessionTraffic.PostAsync(node.Http, first);
            await SessionTraffic.AssertSessionsAsync(kafka.BootstrapServers, "gone_a", first);
            Assert.Equal(0, await node.StopAsync());
        }

        // While the node is stopped, more than the broker keeps (~5 MiB per partition) is written: the oldest of it is gone before anyone read it.
        var later = TrafficGenerator.Generate(seed: 72, users: 400, eventsPerUser: 50, start.AddHours(1), SessionTraffic.Gap, "gone_b");
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, LingerMs = 5 }).Build())
        {
            foreach (var e in later) producer.Produce("user_events", new Message<string, string> { Key = e.UserId, Value = TrafficGenerator.ToJson(e) + new string(' ', 200) });
            producer.Flush(TimeSpan.FromSeconds(60));
        }
        var (low, high) = Range(kafka, new TopicPartition("user_events", 0));
        var lost = low - first.Count;
        Assert.True(lost > 0, $"the broker still holds offset {first.Count} (low watermark {low})");

        await using var again = Start(kafka, ("Streaming__Engine__LostRecords", policy));
        (await again.WaitForHttpAsync()).Dispose();
        var line = await again.WaitForLineAsync(l => l.Contains("were deleted by retention before they were processed", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the report of the deleted records");
        Assert.Contains($"{lost} records (offsets {first.Count} to {low - 1})", line, StringComparison.Ordinal);
        if (policy == "fail")
        {
            Assert.Contains("fail:", line, StringComparison.Ordinal);
            var held = (await SessionTraffic.MetricsAsync(again)).GetProperty("held");
            Assert.Equal(lost, held.GetProperty("user_events-0").GetInt64());
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(0, SessionTraffic.Total(await SessionTraffic.MetricsAsync(again), "consumed:user_events"));
            var reset = await Ctl.RunAsync(again, "state", "reset", "--topic", "user_events", "--partition", "0");
            Assert.True(reset.Code == 0, reset.Output);
        }
        else
        {
            Assert.Contains("warn:", line, StringComparison.Ordinal);
        }

        // Whatever the log still holds is processed, every record once; what is gone is counted, not skipped silently.
        await Eventually.Until(async () => SessionTraffic.Total(await SessionTraffic.MetricsAsync(again), "consumed:user_events") >= high - low,
            TimeSpan.FromSeconds(120), "the records still in the log consumed");
        var metrics = await SessionTraffic.MetricsAsync(again);
        Assert.Equal(high - low, SessionTraffic.Total(metrics, "consumed:user_events"));
        if (policy == "reset") Assert.Equal(lost, SessionTraffic.Total(metrics, "unprocessable:user_events"));
        Assert.Empty(metrics.GetProperty("held").EnumerateObject());
    }

    private static (long Low, long High) Range(ExternalKafka kafka, TopicPartition partition)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "probe" }).Build();
        var offsets = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10));
        return (offsets.Low.Value, offsets.High.Value);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
