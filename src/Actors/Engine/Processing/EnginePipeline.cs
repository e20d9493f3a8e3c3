using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Streaming.Streams.Kafka;

namespace Streaming.Engine.Processing;

/// <summary>
/// The running graph: every assigned partition (of any input topic) gets its own
/// <see cref="IPartitionProcessor"/> fed by batches and clock ticks; the processor, not the group's committed offset,
/// says where the partition starts (its checkpoint), and offsets reach the committer only after a checkpoint. A
/// partition that ends in order (revoked, or the consumer stopped for a graceful shutdown) is drained: its last
/// checkpoint covers everything it processed. Any failure restarts the whole graph (with backoff), which rejoins the
/// group and resumes from the checkpoints.
/// </summary>
public static class EnginePipeline
{
    public static Source<KafkaCommitResult, NotUsed> Create(KafkaConsumerSettings consumer, EngineOptions options,
        Func<TopicPartition, IPartitionProcessor> processorFor, Action<IKafkaControl> started)
    {
        var restart = RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), 0.2);
        // Offsets outside a partition's log reach the processor's policy instead of being reset by the client.
        var settings = consumer with { AutoOffsetReset = AutoOffsetReset.Error };
        return RestartSource.OnFailuresWithBackoff(() =>
            KafkaConsumer.ManualPartitionedSource(settings)
                .MapMaterializedValue(control =>
                {
                    started(control);
                    return control;
                })
                .ViaMaterialized(Flow.Create<AssignedPartition>()
                    .MergeMany(settings.MaxPartitions, p => Partition(p, processorFor(p.Partition), options)), Keep.Left)
                .Via(KafkaCommitter.Flow(settings.Commit))
                .MapMaterializedValue(_ => NotUsed.Instance), restart);
    }

    /// <summary>Streams carry no nulls: a step that did not checkpoint has no offset.</summary>
    private sealed record Step(CommittableOffset? Offset);

    /// <summary>The element after a partition's last batch: the processor drains.</summary>
    private static readonly IReadOnlyList<ConsumedRecord> DrainMarker = new List<ConsumedRecord>();

    /// <summary>Where a partition starts, or nothing when it was released while held.</summary>
    private sealed record Start(long? Offset);

    private static Source<CommittableOffset, NotUsed> Partition(AssignedPartition assigned, IPartitionProcessor processor, EngineOptions options)
    {
        // A step takes whatever arrived while the previous one ran (at most MaxBatch): one record at a
        // time when the partition is quiet (no waiting to fill a batch), larger batches under load.
        var batches = assigned.Messages
            .Select(ConsumedRecord.Of)
            .Batch(options.MaxBatch, m => new List<ConsumedRecord> { m }, (batch, m) =>
            {
                batch.Add(m);
                return batch;
            })
            .Select(IReadOnlyList<ConsumedRecord> (b) => b)
            // The clock: a quiet partition still steps every Tick (idle watermarks, checkpoints, timers). Not a merge with a
            // tick source: Merge with eager completion failed the graph ("Invalid buffer element") when a partition ended.
            .KeepAlive(options.Tick, () => (IReadOnlyList<ConsumedRecord>)Array.Empty<ConsumedRecord>());
        return Source.FromTask(StartAsync(processor, assigned.Released))
            .ConcatMany(start =>
            {
                if (start.Offset is not { } offset) return Source.Empty<IReadOnlyList<ConsumedRecord>>();
                assigned.StartFrom(new Offset(offset));
                return batches;
            })
            // Only an orderly end reaches the marker (a failure skips it): the step in progress is done by then, so the
            // last checkpoint covers everything processed.
            .Concat(Source.Single(DrainMarker))
            .SelectAsync(1, async batch => new Step((CommittableOffset?)(ReferenceEquals(batch, DrainMarker) ? await processor.DrainAsync() : await processor.StepAsync(batch))))
            .Where(step => step.Offset is not null)
            .Select(step => step.Offset!)
            .WatchTermination((_, done) =>
            {
                done.ContinueWith(_ => processor.Dispose(), TaskScheduler.Default);
                return NotUsed.Instance;
            });
    }

    private static async Task<Start> StartAsync(IPartitionProcessor processor, Task released) => new(await processor.StartAsync(released));
}
