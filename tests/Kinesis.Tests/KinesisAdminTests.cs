using System.Numerics;
using Streaming.Kinesis.Tests.Support;
using Streaming.Streams.Kinesis;

namespace Streaming.Kinesis.Tests;

[Collection(IntegrationTests.Name)]
public sealed class KinesisAdminTests : IAsyncLifetime
{
    private Kinesalite _kinesalite = null!;
    private KinesisAdmin _admin = null!;

    public async Task InitializeAsync()
    {
        _kinesalite = await Kinesalite.StartAsync();
        _admin = KinesisAdmin.Create(KinesisOptions.ForEmulator(_kinesalite.Endpoint));
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _kinesalite.DisposeAsync();
    }

    [Fact]
    public async Task Create_waits_until_ACTIVE_and_describe_reports_the_shards_covering_every_hash_key()
    {
        var created = await _admin.CreateStreamAsync("orders", 3);
        Assert.True(created.IsActive);
        Assert.Equal(3, created.OpenShardCount);
        Assert.Equal(24, created.RetentionPeriodHours);

        var described = await _admin.DescribeStreamAsync("orders");
        Assert.Equal("orders", described.Name);
        Assert.Equal("ACTIVE", described.Status);
        Assert.EndsWith(":stream/orders", described.Arn, StringComparison.Ordinal);
        Assert.Equal(3, described.Shards.Count);
        Assert.All(described.Shards, s => Assert.True(s.IsOpen));
        // The shards split the 128-bit hash key space without gap or overlap.
        var ranges = described.Shards.Select(s => (Start: BigInteger.Parse(s.StartingHashKey), End: BigInteger.Parse(s.EndingHashKey))).OrderBy(r => r.Start).ToList();
        Assert.Equal(BigInteger.Zero, ranges[0].Start);
        Assert.Equal(BigInteger.Pow(2, 128) - 1, ranges[^1].End);
        for (var i = 1; i < ranges.Count; i++) Assert.Equal(ranges[i - 1].End + 1, ranges[i].Start);
    }

    [Fact]
    public async Task List_names_every_stream_in_order()
    {
        await _admin.CreateStreamAsync("b-stream", 1);
        await _admin.CreateStreamAsync("a-stream", 1);
        Assert.Equal(["a-stream", "b-stream"], await _admin.ListStreamsAsync());
    }

    [Fact]
    public async Task Creating_an_existing_stream_says_it_already_exists()
    {
        await _admin.CreateStreamAsync("twice", 1);
        var e = await Assert.ThrowsAsync<KinesisStreamAlreadyExistsException>(() => _admin.CreateStreamAsync("twice", 2));
        Assert.Equal("twice", e.StreamName);
        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_stream_is_reported_as_not_found()
    {
        var e = await Assert.ThrowsAsync<KinesisStreamNotFoundException>(() => _admin.DescribeStreamAsync("nowhere"));
        Assert.Equal("nowhere", e.StreamName);
        await Assert.ThrowsAsync<KinesisStreamNotFoundException>(() => _admin.DeleteStreamAsync("nowhere"));
    }

    [Fact]
    public async Task A_deleted_stream_disappears()
    {
        await _admin.CreateStreamAsync("short-lived", 1);
        await _admin.DeleteStreamAsync("short-lived");
        await Streaming.TestSupport.Eventually.Until(async () => !(await _admin.ListStreamsAsync()).Contains("short-lived"), Rig.Patience, "the stream is gone");
        await Assert.ThrowsAsync<KinesisStreamNotFoundException>(() => _admin.DescribeStreamAsync("short-lived"));
    }

    [Fact]
    public async Task Bad_names_and_shard_counts_are_refused_before_any_call()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _admin.CreateStreamAsync("has space", 1));
        await Assert.ThrowsAsync<ArgumentException>(() => _admin.CreateStreamAsync(new string('x', 129), 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _admin.CreateStreamAsync("zero", 0));
        Assert.Empty(await _admin.ListStreamsAsync());
    }
}
