using System.Collections.Concurrent;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Streaming.Streams.Kafka;

namespace Streaming.Streams.Tests.Kafka;

/// <summary>A manually started partitioned source: the application's offsets, not the group's, position each partition.</summary>
public sealed class ManualStartTests
{
    [Theory]
    [InlineData(GroupProtocol.Classic)]
    [InlineData(GroupProtocol.Consumer)]
    public async Task Each_partition_delivers_from_the_offset_the_application_chose_and_nothing_before_it(GroupProtocol protocol)
    {
        await using var bed = KafkaTestBed.Start(partitions: 3);
        var produced = (await bed.Produce(300)).Select(r => (Partition: r.Partition.Value, r.Offset)).ToList();
        // A committed offset that the manual start must not use.
        var seen = new ConcurrentDictionary<(int, long), bool>();
        var start = new Dictionary<int, long> { [0] = 7, [1] = 0, [2] = 40 };

        var (control, done) = KafkaConsumer.ManualPartitionedSource(bed.Consumer("manual", protocol) with { AutoOffsetReset = AutoOffsetReset.Error })
            .ViaMaterialized(Flow.Create<AssignedPartition>().MergeMany(8, assigned =>
            {
                assigned.StartFrom(new Offset(start[assigned.Partition.Partition.Value]));
                return assigned.Messages;
            }), Keep.Left)
            .Select(m =>
            {
                seen[(m.Partition.Partition.Value, m.Offset)] = true;
                return m.CommittableOffset;
            })
            .ToMaterialized(KafkaCommitter.Sink(), Keep.Both)
            .Run(bed.Materializer);

        var expected = produced.Where(r => r.Offset >= start[r.Partition]).ToHashSet();
        await KafkaTestBed.Eventually(() => seen.Count >= expected.Count, "every record from the chosen offsets");
        await Task.Delay(300);
        await control.Shutdown().WaitAsync(KafkaTestBed.Patience);
        await done.WaitAsync(KafkaTestBed.Patience);
        Assert.Equal(expected, seen.Keys.Select(k => (Partition: k.Item1, Offset: k.Item2)).ToHashSet());
    }

    [Fact]
    public async Task A_start_outside_the_log_fails_only_that_partition_with_the_offset_it_asked_for()
    {
        await using var bed = KafkaTestBed.Start(partitions: 2);
        await bed.Produce(40);
        var failures = new ConcurrentDictionary<int, Exception>();
        var delivered = new ConcurrentDictionary<int, int>();
        var released = new ConcurrentBag<Task>();

        var (control, done) = KafkaConsumer.ManualPartitionedSource(bed.Consumer("out-of-range") with { AutoOffsetReset = AutoOffsetReset.Error })
            .ViaMaterialized(Flow.Create<AssignedPartition>().MergeMany(8, assigned =>
            {
                var partition = assigned.Partition.Partition.Value;
                released.Add(assigned.Released);
                assigned.StartFrom(new Offset(partition == 0 ? 5_000 : 0));
                return assigned.Messages.RecoverWithRetries(e =>
                {
                    failures[partition] = e;
                    return Source.Empty<CommittableMessage>();
                }, 1);
            }), Keep.Left)
            .Select(m =>
            {
                delivered.AddOrUpdate(m.Partition.Partition.Value, 1, (_, n) => n + 1);
                return m.CommittableOffset;
            })
            .ToMaterialized(KafkaCommitter.Sink(), Keep.Both)
            .Run(bed.Materializer);

        await KafkaTestBed.Eventually(() => failures.ContainsKey(0), "partition 0 fails");
        var failure = Assert.IsType<KafkaOffsetOutOfRangeException>(failures[0]);
        Assert.Equal(5_000, failure.Offset);
        Assert.Equal(0, failure.Partition.Partition.Value);
        Assert.False(failures.ContainsKey(1));
        await KafkaTestBed.Eventually(() => delivered.GetValueOrDefault(1) > 0, "partition 1 goes on");

        await control.Shutdown().WaitAsync(KafkaTestBed.Patience);
        await done.WaitAsync(KafkaTestBed.Patience);
        // Every assignment was released when the consumer stopped.
        await Task.WhenAll(released).WaitAsync(KafkaTestBed.Patience);
    }
}
