using Streaming.Kinesis.Tests.Support;
using Streaming.Streams.Kinesis;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Kinesis.Tests;

[Collection(IntegrationTests.Name)]
public sealed class ForwardingManagerTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("forwarding-manager-");

    private static IEnumerable<(byte[]? Key, byte[] Value)> Events(int count, int from = 0) =>
        Enumerable.Range(from, count).Select(i => ((byte[]?)KafkaData.Utf8($"k{i % 25}"), KafkaData.Utf8($$"""{"i":{{i}}}""")));

    [Fact]
    public async Task Forwardings_survive_a_restart_of_the_manager_and_stopping_one_removes_it()
    {
        await using var rig = await Rig.StartAsync(output, partitions: 2, shards: 1);
        var otherTopic = rig.Topic + "-b";
        rig.Kafka.CreateTopic(otherTopic);
        using (var admin = KinesisAdmin.Create(KinesisOptions.ForEmulator(rig.Kinesalite.Endpoint)))
            await admin.CreateStreamAsync("second", 1);
        var storePath = Path.Combine(_dir.FullName, "forwardings.json");
        var a = new ForwardingDefinition(rig.Topic, rig.Stream);
        var b = new ForwardingDefinition(otherTopic, "second");

        var producedA = new List<Produced>(await rig.ProduceAsync(Events(300)));
        var producedB = new List<Produced>(await KafkaData.ProduceAsync(rig.Kafka.BootstrapServers, otherTopic, Events(200)));
        await using (var manager = new ForwardingManager(rig.Settings, rig.Options(), new JsonFileForwardingStore(storePath), rig.Logs))
        {
            var started = await manager.StartAsync(a);
            Assert.Equal(a.Id, started.Id);
            await manager.StartAsync(b);
            Assert.Equal(started.ConsumerGroup, (await manager.StartAsync(a)).ConsumerGroup);
            await Eventually.Until(
                () => manager.List().All(s => s.Partitions.Sum(p => p.CommittedOffset ?? 0) == (s.Id == a.Id ? producedA.Count : producedB.Count)),
                Rig.Patience,
                "both forwardings committed every record");
            Assert.All(manager.List(), s => Assert.Equal(0, s.LagRecords));
            Assert.Equal([a.Id, b.Id], manager.List().Select(s => s.Id).OrderBy(id => id.Topic, StringComparer.Ordinal));
        }
        Assert.Equal([a, b], await new JsonFileForwardingStore(storePath).LoadAsync(default));

        // While no manager runs, more records arrive; a new manager on the same file resumes both.
        producedA.AddRange(await rig.ProduceAsync(Events(300, from: 300)));
        producedB.AddRange(await KafkaData.ProduceAsync(rig.Kafka.BootstrapServers, otherTopic, Events(200, from: 200)));
        await using (var manager = new ForwardingManager(rig.Settings, rig.Options(), new JsonFileForwardingStore(storePath), rig.Logs))
        {
            var restored = await manager.RestoreAsync();
            Assert.Equal(2, restored.Count);
            await Eventually.Until(
                () => manager.List().All(s => s.Partitions.Sum(p => p.CommittedOffset ?? 0) == (s.Id == a.Id ? producedA.Count : producedB.Count)),
                Rig.Patience,
                "both forwardings committed every record");
            // Resumed from the committed offsets: only the new records were forwarded in this run.
            Assert.Equal(300, manager.Get(a.Id)!.RecordsForwarded);
            Assert.Equal(200, manager.Get(b.Id)!.RecordsForwarded);

            Assert.True(await manager.StopAsync(a.Id));
            Assert.False(await manager.StopAsync(a.Id));
            Assert.Null(manager.Get(a.Id));
            Assert.Equal([b.Id], manager.List().Select(s => s.Id));
        }
        Assert.Equal([b], await new JsonFileForwardingStore(storePath).LoadAsync(default));

        Delivery.AssertCompleteInKeyOrder(producedA, await rig.ReadStreamAsync(), Duplicates.None);
        Delivery.AssertCompleteInKeyOrder(producedB, await SdkReader.ReadAllAsync(rig.Reader, "second"), Duplicates.None);
    }

    [Fact]
    public async Task Starting_towards_a_missing_stream_fails_and_stores_nothing_and_a_conflicting_start_is_refused()
    {
        await using var rig = await Rig.StartAsync(output, partitions: 1, shards: 1);
        var storePath = Path.Combine(_dir.FullName, "forwardings.json");
        await using var manager = new ForwardingManager(rig.Settings, rig.Options(), new JsonFileForwardingStore(storePath), rig.Logs);

        var e = await Assert.ThrowsAsync<KinesisStreamNotFoundException>(() => manager.StartAsync(new ForwardingDefinition(rig.Topic, "missing")));
        Assert.Equal("missing", e.StreamName);
        Assert.Empty(manager.List());
        Assert.False(File.Exists(storePath));

        await manager.StartAsync(rig.Definition);
        await Assert.ThrowsAsync<InvalidOperationException>(() => manager.StartAsync(rig.Definition with { ConsumerGroup = "another-group" }));
        await Assert.ThrowsAsync<ArgumentException>(() => manager.StartAsync(new ForwardingDefinition("bad topic!", rig.Stream)));
        Assert.Equal([rig.Definition], await new JsonFileForwardingStore(storePath).LoadAsync(default));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
