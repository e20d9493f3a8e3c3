using System.Collections.Concurrent;
using Akka;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Streaming.Streams.Kafka;

namespace Streaming.Streams.Tests.Kafka;

/// <summary>The Kafka connector against librdkafka's in-process mock cluster.</summary>
public sealed class KafkaConnectorTests
{
    private static Flow<(TopicPartition Partition, Source<CommittableMessage, NotUsed> Messages), CommittableMessage, NotUsed> Merge() =>
        Flow.Create<(TopicPartition Partition, Source<CommittableMessage, NotUsed> Messages)>().MergeMany(64, p => p.Messages);

    private static Dictionary<int, long> NextOffsets(IEnumerable<(int Partition, long Offset)> records) =>
        records.GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => g.Max(r => r.Offset) + 1);

    [Theory]
    [InlineData(GroupProtocol.Classic)]
    [InlineData(GroupProtocol.Consumer)]
    public async Task PartitionedSourceConsumesEveryRecordAndCommitsThem(GroupProtocol protocol)
    {
        await using var bed = KafkaTestBed.Start();
        var produced = (await bed.Produce(600)).Select(r => (r.Partition.Value, r.Offset)).ToHashSet();
        var seen = new ConcurrentDictionary<(int, long), bool>();
        var subSources = new ConcurrentBag<TopicPartition>();

        var (control, done) = KafkaConsumer.PartitionedSource(bed.Consumer("all", protocol))
            .Select(p => { subSources.Add(p.Partition); return p; })
            .ViaMaterialized(Merge(), Keep.Left)
            .Select(m => { seen[(m.Partition.Partition.Value, m.Offset)] = true; return m.CommittableOffset; })
            .ToMaterialized(KafkaCommitter.Sink(), Keep.Both)
            .Run(bed.Materializer);

        await KafkaTestBed.Eventually(() => seen.Count >= produced.Count, "all records consumed");
        await control.Shutdown().WaitAsync(KafkaTestBed.Patience);
        await done.WaitAsync(KafkaTestBed.Patience);

        Assert.Equal(produced, seen.Keys.ToHashSet());
        Assert.Equal(Enumerable.Range(0, 6), subSources.Select(p => p.Partition.Value).Order());
        Assert.Equal(NextOffsets(produced), bed.Committed("all").Where(c => c.Value >= 0).ToDictionary());
    }

    // KIP-848 only: after the last classic member leaves, the mock makes the next classic join
    // wait out a group timeout (more than 30 s), so a classic restart cannot be tested here.
    [Theory]
    [InlineData(GroupProtocol.Consumer)]
    public async Task RestartWithSameGroupResumesExactlyAfterCommittedOffsets(GroupProtocol protocol)
    {
        await using var bed = KafkaTestBed.Start();
        var first = (await bed.Produce(300)).Select(r => (Partition: r.Partition.Value, r.Offset)).ToList();

        // Run 1 reads everything but hands over only offsets below 30 (the rest is "not yet durable").
        var seen1 = new ConcurrentDictionary<(int, long), bool>();
        var (control1, done1) = KafkaConsumer.CommittableSource(bed.Consumer("resume", protocol))
            .Select(m => { seen1[(m.Partition.Partition.Value, m.Offset)] = true; return m; })
            .Where(m => m.Offset < 30)
            .Select(m => m.CommittableOffset)
            .ToMaterialized(KafkaCommitter.Sink(), Keep.Both)
            .Run(bed.Materializer);
        await KafkaTestBed.Eventually(() => seen1.Count >= first.Count, "run 1 consumed all");
        await control1.Shutdown().WaitAsync(KafkaTestBed.Patience);
        await done1.WaitAsync(KafkaTestBed.Patience);

        var committed = bed.Committed("resume");
        var expectedCommit = first.GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => Math.Min(30L, g.Count()));
        Assert.Equal(expectedCommit, committed.Where(c => c.Value >= 0).ToDictionary());

        var second = (await bed.Produce(60, firstKey: 1000)).Select(r => (Partition: r.Partition.Value, r.Offset));
        var expected = first.Concat(second).Where(r => r.Offset >= expectedCommit.GetValueOrDefault(r.Partition)).ToHashSet();

        var seen2 = new ConcurrentDictionary<(int Partition, long Offset), bool>();
        var (control2, done2) = KafkaConsumer.CommittableSource(bed.Consumer("resume", protocol))
            .Select(m => { seen2[(m.Partition.Partition.Value, m.Offset)] = true; return m.CommittableOffset; })
            .ToMaterialized(KafkaCommitter.Sink(), Keep.Both)
            .Run(bed.Materializer);
        await KafkaTestBed.Eventually(() => seen2.Count >= expected.Count, $"run 2 consumed the rest: {seen2.Count}/{expected.Count} {control2.Diagnostics}");
        await control2.Shutdown().WaitAsync(KafkaTestBed.Patience);
        await done2.WaitAsync(KafkaTestBed.Patience);

        // Within a partition records arrive in order, so a re-delivered committed record would have come first.
        Assert.Equal(expected, seen2.Keys.ToHashSet());
        Assert.Equal(NextOffsets(first.Concat(second)), bed.Committed("resume").Where(c => c.Value >= 0).ToDictionary());
    }

    // KIP-848 only: with the classic protocol the mock never completed the rebalance when a
    // second member joined (nothing revoked or assigned within 30 s).
    [Theory]
    [InlineData(GroupProtocol.Consumer)]
    public async Task SecondMemberTakesOverPartitionsRightAfterWhatTheFirstHandedOver(GroupProtocol protocol)
    {
        await using var bed = KafkaTestBed.Start();
        var produced = (await bed.Produce(300)).Select(r => (Partition: r.Partition.Value, r.Offset)).ToHashSet();
        // A: commits only when revoked or shut down (the batch is never due), so the hand-over
        // at revocation is what the new owner's start depends on.
        var settingsA = bed.Consumer("join", protocol) with { Commit = new KafkaCommitterSettings { MaxBatch = 1_000_000, MaxInterval = TimeSpan.FromHours(1) } };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handedA = new ConcurrentDictionary<(int Partition, long Offset), bool>();
        var assignedA = new ConcurrentBag<int>();
        var completedA = new ConcurrentBag<int>();
        var (controlA, doneA) = KafkaConsumer.PartitionedSource(settingsA)
            .Select(p =>
            {
                assignedA.Add(p.Partition.Partition.Value);
                return (p.Partition, Messages: p.Messages.WatchTermination((_, t) =>
                {
                    t.ContinueWith(_ => completedA.Add(p.Partition.Partition.Value), TaskScheduler.Default);
                    return NotUsed.Instance;
                }));
            })
            .ViaMaterialized(Merge(), Keep.Left)
            .Buffer(10_000, Akka.Streams.OverflowStrategy.Backpressure)
            .SelectAsync(1, async m =>
            {
                if (handedA.Count >= 100) await gate.Task;
                handedA[(m.Partition.Partition.Value, m.Offset)] = true;
                return m.CommittableOffset;
            })
            .ToMaterialized(KafkaCommitter.Sink(settingsA.Commit), Keep.Both)
            .Run(bed.Materializer);
        await KafkaTestBed.Eventually(() => handedA.Count >= 100 && controlA.Diagnostics.OffsetsStaged >= 100, "A processed 100 records and staged their offsets");
        var handedMax = handedA.Keys.GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => g.Max(r => r.Offset));

        var seenB = new ConcurrentDictionary<(int Partition, long Offset), bool>();
        var assignedB = new ConcurrentBag<int>();
        var (controlB, doneB) = KafkaConsumer.PartitionedSource(bed.Consumer("join", protocol))
            .Select(p => { assignedB.Add(p.Partition.Partition.Value); return p; })
            .ViaMaterialized(Merge(), Keep.Left)
            .Select(m => { seenB[(m.Partition.Partition.Value, m.Offset)] = true; return m.CommittableOffset; })
            .ToMaterialized(KafkaCommitter.Sink(), Keep.Both)
            .Run(bed.Materializer);
        await KafkaTestBed.Eventually(() => !assignedB.IsEmpty && assignedB.Distinct().All(completedA.Contains)
            && controlA.Diagnostics.Partitions.Count + assignedB.Distinct().Count() == 6,
            $"B took over partitions and A completed them: A {string.Join(",", assignedA)} / {string.Join(",", completedA)}, B {string.Join(",", assignedB)}");
        var moved = assignedB.Distinct().ToHashSet();

        gate.SetResult();
        // B owns the moved partitions from right after A's hand-over; A keeps the others.
        var expectedB = produced.Where(r => moved.Contains(r.Partition) && r.Offset > handedMax.GetValueOrDefault(r.Partition, -1)).ToHashSet();
        await KafkaTestBed.Eventually(() => expectedB.All(seenB.ContainsKey) && produced.All(r => handedA.ContainsKey(r) || seenB.ContainsKey(r)), "every record processed");
        await Task.WhenAll(controlA.Shutdown(), controlB.Shutdown()).WaitAsync(KafkaTestBed.Patience);
        await Task.WhenAll(doneA, doneB).WaitAsync(KafkaTestBed.Patience);

        // The new owner starts exactly after what A had handed over when the partition moved.
        Assert.Equal(expectedB, seenB.Keys.Where(r => moved.Contains(r.Partition)).ToHashSet());
        Assert.Equal(NextOffsets(produced), bed.Committed("join").Where(c => c.Value >= 0).ToDictionary());
    }

    [Fact]
    public async Task SlowDownstreamPausesPartitionsAndKeepsEveryBufferBounded()
    {
        await using var bed = KafkaTestBed.Start();
        var produced = (await bed.Produce(6000)).Select(r => (r.Partition.Value, r.Offset)).ToHashSet();
        var settings = bed.Consumer("backpressure", GroupProtocol.Consumer) with { MaxBufferedPerPartition = 100 };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new ConcurrentDictionary<(int, long), bool>();
        var (control, done) = KafkaConsumer.CommittableSource(settings)
            .SelectAsync(1, async m =>
            {
                await gate.Task;
                seen[(m.Partition.Partition.Value, m.Offset)] = true;
                return m.CommittableOffset;
            })
            .ToMaterialized(KafkaCommitter.Sink(), Keep.Both)
            .Run(bed.Materializer);

        await KafkaTestBed.Eventually(() => control.Diagnostics.Partitions is { Count: 6 } p && p.All(x => x.Paused), "every partition paused with a full buffer");
        var blocked = control.Diagnostics;
        Assert.True(blocked.MessagesConsumed < produced.Count, $"consumed {blocked.MessagesConsumed} of {produced.Count} while blocked");
        Assert.True(blocked.MaxBufferedObserved <= 100);

        gate.SetResult();
        await KafkaTestBed.Eventually(() => seen.Count >= produced.Count, "all records consumed");
        var after = control.Diagnostics;
        await control.Shutdown().WaitAsync(KafkaTestBed.Patience);
        await done.WaitAsync(KafkaTestBed.Patience);

        Assert.Equal(produced, seen.Keys.ToHashSet());
        Assert.True(after.MaxBufferedObserved <= 100, $"max buffered {after.MaxBufferedObserved}");
        Assert.True(after.Resumes >= 6, $"resumes {after.Resumes}");
        Assert.Equal(NextOffsets(produced), bed.Committed("backpressure").Where(c => c.Value >= 0).ToDictionary());
    }

    [Fact]
    public async Task CommitterNeverMovesBackwardsAndDropsOffsetsOfUnassignedPartitions()
    {
        await using var bed = KafkaTestBed.Start();
        var produced = (await bed.Produce(120)).Select(r => (r.Partition.Value, r.Offset)).ToHashSet();
        var messages = new ConcurrentQueue<CommittableMessage>();
        var (control, done) = KafkaConsumer.CommittableSource(bed.Consumer("order", GroupProtocol.Consumer))
            .Select(m => { messages.Enqueue(m); return NotUsed.Instance; })
            .ToMaterialized(Sink.Ignore<NotUsed>(), Keep.Both)
            .Run(bed.Materializer);
        await KafkaTestBed.Eventually(() => messages.Count >= produced.Count, "all records consumed");

        // Highest first, then everything lower: the lower ones are no-ops.
        var descending = messages.OrderByDescending(m => m.Offset).Select(m => m.CommittableOffset).ToList();
        var results = await Source.From(descending).Via(KafkaCommitter.Flow())
            .RunWith(Sink.Seq<KafkaCommitResult>(), bed.Materializer).WaitAsync(KafkaTestBed.Patience);
        Assert.Equal(NextOffsets(produced), results.SelectMany(r => r.Committed).GroupBy(c => c.Partition.Value).ToDictionary(g => g.Key, g => g.Max(c => c.Offset.Value)));
        Assert.Equal(NextOffsets(produced), bed.Committed("order").Where(c => c.Value >= 0).ToDictionary());

        await control.Shutdown().WaitAsync(KafkaTestBed.Patience);
        await done.WaitAsync(KafkaTestBed.Patience);

        // After the consumer closed, its partitions are no longer assigned: offsets are dropped.
        var late = await Source.Single(messages.First().CommittableOffset).Via(KafkaCommitter.Flow())
            .RunWith(Sink.Seq<KafkaCommitResult>(), bed.Materializer).WaitAsync(KafkaTestBed.Patience);
        Assert.Equal(1, late.Sum(r => r.Dropped));
        Assert.Empty(late.SelectMany(r => r.Committed));
    }
}
