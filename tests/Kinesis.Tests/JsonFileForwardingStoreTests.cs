using Confluent.Kafka;
using Streaming.Streams.Kinesis;

namespace Streaming.Kinesis.Tests;

public sealed class JsonFileForwardingStoreTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("forwarding-store-");

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    [Fact]
    public async Task A_missing_file_is_an_empty_set()
    {
        Assert.Empty(await new JsonFileForwardingStore(PathOf("nothing/here.json")).LoadAsync(default));
    }

    [Fact]
    public async Task Saved_forwardings_load_back_equal_and_the_file_reads_as_documented()
    {
        var store = new JsonFileForwardingStore(PathOf("sub/forwardings.json"));
        ForwardingDefinition[] saved =
        [
            new("user_events", "events"),
            new("order_events", "orders") { ConsumerGroup = "my-group", StartFrom = AutoOffsetReset.Latest, NullKeys = NullKeyMode.PerPartition },
        ];
        await store.SaveAsync(saved, default);
        Assert.Equal(saved, await new JsonFileForwardingStore(store.Path).LoadAsync(default));

        var text = await File.ReadAllTextAsync(store.Path);
        Assert.Contains("\"version\": 1", text, StringComparison.Ordinal);
        Assert.Contains("\"consumer_group\": \"my-group\"", text, StringComparison.Ordinal);
        Assert.Contains("\"start_from\": \"Latest\"", text, StringComparison.Ordinal);
        Assert.Contains("\"null_keys\": \"PerPartition\"", text, StringComparison.Ordinal);
        Assert.False(File.Exists(store.Path + ".tmp"));

        await store.SaveAsync([], default);
        Assert.Empty(await store.LoadAsync(default));
    }

    [Fact]
    public async Task A_damaged_or_foreign_file_is_refused_with_its_path()
    {
        var path = PathOf("bad.json");
        await File.WriteAllTextAsync(path, "{ not json");
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => new JsonFileForwardingStore(path).LoadAsync(default));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(path, """{"version": 9, "forwardings": []}""");
        Assert.Contains("version 9", (await Assert.ThrowsAsync<InvalidDataException>(() => new JsonFileForwardingStore(path).LoadAsync(default))).Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(path, """{"version": 1, "forwardings": [{"topic": "t", "stream": "bad name"}]}""");
        Assert.Contains("bad name", (await Assert.ThrowsAsync<InvalidDataException>(() => new JsonFileForwardingStore(path).LoadAsync(default))).Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
