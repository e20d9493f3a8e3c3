using System.Text;
using System.Text.Json;
using Streaming.Kinesis.Tests.Support;
using Streaming.Streams.Kinesis;
using Streaming.TestSupport;
using Xunit.Abstractions;

namespace Streaming.Kinesis.Tests;

[Collection(IntegrationTests.Name)]
public sealed class ForwardingTests(ITestOutputHelper output)
{
    private static IEnumerable<(byte[]? Key, byte[] Value)> KeyedEvents(int count, int keys, int from = 0) =>
        Enumerable.Range(from, count).Select(i => (
            (byte[]?)KafkaData.Utf8($"user-{i % keys}"),
            KafkaData.Utf8($$"""{"user_id":"user-{{i % keys}}","event_type":"click","seq":{{i}}}""")));

    [Fact]
    public async Task A_keyed_topic_arrives_complete_and_in_per_key_order_as_the_aws_cli_reads_it()
    {
        await using var rig = await Rig.StartAsync(output, partitions: 3, shards: 2);
        var longKey = new string('k', 300);
        var records = KeyedEvents(900, keys: 40)
            .Concat(Enumerable.Range(0, 5).Select(i => ((byte[]?)null, KafkaData.Utf8($"no key {i}"))))
            .Concat(Enumerable.Range(0, 3).Select(i => ((byte[]?)KafkaData.Utf8(longKey), KafkaData.Utf8($$"""{"long":{{i}}}"""))))
            .Concat([((byte[]?)KafkaData.Utf8("binary"), new byte[] { 0xff, 0x00, 0x80 })]);
        var produced = await rig.ProduceAsync(records);

        var forwarder = rig.StartForwarder();
        var status = await Rig.CommittedAsync(forwarder, produced);
        Assert.Equal(ForwarderState.Running, status.State);
        Assert.Equal(produced.Count, status.RecordsForwarded);
        Assert.Equal(0, status.PoisonRecords);
        foreach (var partition in produced.GroupBy(p => p.Partition))
            Assert.Equal(partition.Max(p => p.Offset), status.Partitions.Single(p => p.Partition == partition.Key).LastForwardedOffset);
        await forwarder.StopAsync();
        Assert.Equal(ForwarderState.Stopped, forwarder.Status().State);

        var read = await AwsCli.ReadAllAsync(rig.Kinesalite.Endpoint, rig.Stream);
        var forwarded = Delivery.AssertCompleteInKeyOrder(produced, read, Duplicates.None);

        var byCoordinates = forwarded.ToDictionary(f => (f.Partition, f.Offset));
        foreach (var p in produced)
        {
            var f = byCoordinates[(p.Partition, p.Offset)];
            Assert.Equal(rig.Topic, f.Topic);
            Assert.Equal(p.KeyText, f.Key);
            if (p.KeyText is null) Assert.Equal($"{p.Partition}:{p.Offset}", f.PartitionKey);
            else if (p.KeyText == longKey) Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(p.Key!)), f.PartitionKey);
            else Assert.Equal(p.KeyText, f.PartitionKey);
            switch (f.ValueEncoding)
            {
                case "json":
                    Assert.Equal(Encoding.UTF8.GetString(p.Value), f.Value.GetRawText());
                    break;
                case "utf8":
                    Assert.Equal(Encoding.UTF8.GetString(p.Value), f.Value.GetString());
                    break;
                default:
                    Assert.Equal("base64", f.ValueEncoding);
                    Assert.Equal(p.Value, f.Value.GetBytesFromBase64());
                    break;
            }
        }
        Assert.Equal(900, forwarded.Count(f => f.ValueEncoding == "json" && f.Value.TryGetProperty("seq", out _)));
    }

    [Fact]
    public async Task The_emulator_killed_and_restarted_mid_forwarding_loses_nothing_and_keeps_key_order()
    {
        // kinesalite keeps streams in memory unless given a LevelDB directory: the rig's persistent emulator
        // restarts on the same port and directory, as a real endpoint comes back with its data.
        await using var rig = await Rig.StartAsync(output, partitions: 3, shards: 2, persistent: true);
        var forwarder = rig.StartForwarder();
        var produced = new List<Produced>(await rig.ProduceAsync(KeyedEvents(1000, keys: 60)));
        await Eventually.Until(() => forwarder.Status().RecordsForwarded >= 200, Rig.Patience, "some records were forwarded");

        rig.Kinesalite.Kill();
        produced.AddRange(await rig.ProduceAsync(KeyedEvents(1000, keys: 60, from: 1000)));
        var retrying = await Eventually.Value(forwarder.Status, s => s.State == ForwarderState.Retrying, Rig.Patience, "the forwarder noticed the outage");
        output.WriteLine($"while down: {retrying.State} {retrying.Reason}");
        Assert.NotNull(retrying.Reason);

        await rig.Kinesalite.RestartAsync();
        produced.AddRange(await rig.ProduceAsync(KeyedEvents(1000, keys: 60, from: 2000)));
        var status = await Rig.CommittedAsync(forwarder, produced);
        Assert.True(status.Retries > 0);
        await Eventually.Until(() => forwarder.Status().State == ForwarderState.Running, Rig.Patience, "the forwarder is running again");

        // A request the emulator stored just before it died was never answered: it was sent again, so a record
        // may repeat, but never after a later record of its key.
        Delivery.AssertCompleteInKeyOrder(produced, await rig.ReadStreamAsync(), Duplicates.Retried);
    }

    [Fact]
    public async Task A_throttling_stream_gets_every_record_once_in_per_key_order()
    {
        await using var rig = await Rig.StartAsync(output, partitions: 3, shards: 2, proxy: true);
        // For the first 150 requests: every 4th is refused whole (alternating the two throttling errors Kinesis
        // answers with HTTP 400), and in the others about a third of the records fail as a throttled shard's do.
        rig.Proxy!.Rule = (n, records) => n > 150
            ? PutRecordsVerdict.Pass
            : n % 4 == 0
                ? new PutRecordsVerdict(RequestError: n % 8 == 0 ? "LimitExceededException" : "ProvisionedThroughputExceededException")
                : new PutRecordsVerdict(RecordErrors: records.Where(r => (n * 7919 + r.Index * 104729) % 3 == 0).ToDictionary(r => r.Index, _ => "ProvisionedThroughputExceededException"));
        var produced = await rig.ProduceAsync(KeyedEvents(1500, keys: 80));
        var forwarder = rig.StartForwarder();

        var status = await Rig.CommittedAsync(forwarder, produced);
        output.WriteLine($"proxy: {rig.Proxy.PutRequests} requests, {rig.Proxy.ThrottledRequests} refused whole, {rig.Proxy.RefusedRecords} records refused; forwarder retries {status.Retries}");
        Assert.True(rig.Proxy.ThrottledRequests > 0);
        Assert.True(rig.Proxy.RefusedRecords > 0);
        Assert.True(status.Retries >= rig.Proxy.RefusedRecords);
        Assert.Equal(produced.Count, status.RecordsForwarded);

        // Refused records never reached the emulator, so each record is there exactly once.
        Delivery.AssertCompleteInKeyOrder(produced, await rig.ReadStreamAsync(), Duplicates.None);
    }

    [Fact]
    public async Task Offsets_are_never_committed_past_a_record_Kinesis_has_not_accepted_and_a_restart_skips_nothing()
    {
        await using var rig = await Rig.StartAsync(output, partitions: 1, shards: 2, proxy: true);
        var refuse = true;
        rig.Proxy!.Rule = (_, records) => new PutRecordsVerdict(RecordErrors: Volatile.Read(ref refuse)
            ? records.Where(r => r.PartitionKey == "stuck").ToDictionary(r => r.Index, _ => "ProvisionedThroughputExceededException")
            : null);
        var stuckAt = new[] { 100, 150, 200 };
        var produced = await rig.ProduceAsync(Enumerable.Range(0, 300).Select(i => (
            (byte[]?)KafkaData.Utf8(stuckAt.Contains(i) ? "stuck" : $"k{i % 10}"),
            KafkaData.Utf8($$"""{"i":{{i}}}"""))));
        var group = rig.Definition.EffectiveGroup;

        // Run 1: every other key gets through, the stuck key's first record keeps being refused.
        var first = rig.StartForwarder();
        var blocked = await Eventually.Value(first.Status, s => s.Partitions.SingleOrDefault()?.LastForwardedOffset == 299 && s.State == ForwarderState.Retrying, Rig.Patience, "everything but the stuck key was forwarded");
        Assert.Equal(297, blocked.RecordsForwarded);
        Assert.Contains("ProvisionedThroughputExceededException", blocked.Reason, StringComparison.Ordinal);
        await Eventually.Until(async () => (await GroupOffsets.ReadAsync(rig.Kafka.BootstrapServers, group, rig.Topic, 1))[0] == 100, Rig.Patience, "the group committed up to the stuck record");
        await first.StopAsync();
        Assert.Equal(100, (await GroupOffsets.ReadAsync(rig.Kafka.BootstrapServers, group, rig.Topic, 1))[0]);

        // Run 2: a bounded retry policy gives up: the forwarding fails with the reason, still without committing past it.
        var second = rig.StartForwarder(rig.Options(new RetryPolicy { BaseBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50), MaxAttempts = 3 }));
        await second.Completion.WaitAsync(Rig.Patience);
        var failed = second.Status();
        Assert.Equal(ForwarderState.Failed, failed.State);
        Assert.Contains("@100 not accepted after 3 attempts", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(100, (await GroupOffsets.ReadAsync(rig.Kafka.BootstrapServers, group, rig.Topic, 1))[0]);

        // Run 3: Kinesis accepts again; the restart resumes at the stuck record and nothing is missing.
        Volatile.Write(ref refuse, false);
        var third = rig.StartForwarder();
        await Rig.CommittedAsync(third, produced);
        Assert.Equal(300, (await GroupOffsets.ReadAsync(rig.Kafka.BootstrapServers, group, rig.Topic, 1))[0]);
        var forwarded = Delivery.AssertCompleteInKeyOrder(produced, await rig.ReadStreamAsync(), Duplicates.Replayed);
        // Below the committed offset nothing was sent twice; the stuck key arrived in order, once each.
        Assert.All(forwarded.Where(f => f.Offset < 100).GroupBy(f => f.Offset), g => Assert.Single(g));
        Assert.Equal(stuckAt.Select(o => (long)o), forwarded.Where(f => f.Key == "stuck").Select(f => f.Offset));
    }

    [Fact]
    public async Task Poison_records_go_to_dead_letters_and_the_forwarding_goes_on()
    {
        await using var rig = await Rig.StartAsync(output, partitions: 1, shards: 1, proxy: true);
        // Kinesis refuses records of the key "invalid" as invalid (as it does one over a stream's record size).
        rig.Proxy!.Rule = (_, records) => new PutRecordsVerdict(RecordErrors: records.Where(r => r.PartitionKey == "invalid").ToDictionary(r => r.Index, _ => "InvalidArgumentException"));
        var huge = KafkaData.Utf8("\"" + new string('x', 1_100_000) + "\"");
        var produced = await rig.ProduceAsync(
            Enumerable.Range(0, 50).Select(i => ((byte[]?)KafkaData.Utf8($"k{i % 5}"), KafkaData.Utf8($$"""{"i":{{i}}}""")))
                .Concat([
                    ((byte[]?)KafkaData.Utf8("p"), KafkaData.Utf8("""{"p":0}""")),
                    ((byte[]?)KafkaData.Utf8("p"), huge),
                    ((byte[]?)KafkaData.Utf8("invalid"), KafkaData.Utf8("""{"bad":true}""")),
                    ((byte[]?)KafkaData.Utf8("p"), KafkaData.Utf8("""{"p":2}""")),
                ])
                .Concat(Enumerable.Range(50, 50).Select(i => ((byte[]?)KafkaData.Utf8($"k{i % 5}"), KafkaData.Utf8($$"""{"i":{{i}}}""")))),
            messageMaxBytes: 2_000_000);
        var oversized = produced[51];
        var invalid = produced[52];

        var forwarder = rig.StartForwarder();
        var status = await Rig.CommittedAsync(forwarder, produced);
        Assert.Equal(2, status.PoisonRecords);
        Assert.Equal(produced.Count - 2, status.RecordsForwarded);

        var read = await rig.ReadStreamAsync();
        var forwarded = Delivery.AssertCompleteInKeyOrder(produced, read, Duplicates.None, except: new HashSet<(int, long)> { (0, oversized.Offset), (0, invalid.Offset) });
        Assert.Equal([produced[50].Offset, produced[53].Offset], forwarded.Where(f => f.Key == "p").Select(f => f.Offset));

        var letters = Kcat.ReadAll(rig.Kafka.BootstrapServers, "dead_letters").Select(r => JsonDocument.Parse(r.Value).RootElement).ToList();
        Assert.Equal(2, letters.Count);
        var tooLarge = letters.Single(l => l.GetProperty("offset").GetInt64() == oversized.Offset);
        Assert.Equal(rig.Topic, tooLarge.GetProperty("topic").GetString());
        Assert.Equal("p", tooLarge.GetProperty("key").GetString());
        Assert.Equal(rig.Stream, tooLarge.GetProperty("stream").GetString());
        Assert.Equal(huge.Length, tooLarge.GetProperty("value_bytes").GetInt32());
        Assert.Contains("exceeds the Kinesis record limit", tooLarge.GetProperty("error").GetString(), StringComparison.Ordinal);
        var refused = letters.Single(l => l.GetProperty("offset").GetInt64() == invalid.Offset);
        Assert.Contains("InvalidArgumentException", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_reports_lag_in_records_and_seconds_while_Kinesis_refuses_everything()
    {
        await using var rig = await Rig.StartAsync(output, partitions: 2, shards: 1, proxy: true);
        var refuse = true;
        rig.Proxy!.Rule = (_, _) => Volatile.Read(ref refuse) ? new PutRecordsVerdict(RequestError: "ProvisionedThroughputExceededException") : PutRecordsVerdict.Pass;
        var produced = await rig.ProduceAsync(KeyedEvents(200, keys: 20));
        var forwarder = rig.StartForwarder();

        var lagging = await Eventually.Value(forwarder.Status, s => s.LagRecords == 200 && s.State == ForwarderState.Retrying, Rig.Patience, "the lag shows every record");
        Assert.Contains("ProvisionedThroughputExceededException", lagging.Reason, StringComparison.Ordinal);
        Assert.True(lagging.LagSeconds > 0);
        Assert.Equal(0, lagging.RecordsForwarded);
        Assert.All(lagging.Partitions, p => Assert.Null(p.LastForwardedOffset));
        Assert.Equal(200, lagging.Partitions.Sum(p => p.HighWatermark));

        Volatile.Write(ref refuse, false);
        await Rig.CommittedAsync(forwarder, produced);
        var caughtUp = await Eventually.Value(forwarder.Status, s => s.LagRecords == 0 && s.State == ForwarderState.Running, Rig.Patience, "the lag is gone");
        Assert.Equal(0, caughtUp.LagSeconds);
        Assert.Null(caughtUp.Reason);
        Assert.NotNull(caughtUp.LastForwardedAt);
    }
}
