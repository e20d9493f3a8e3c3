using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Streaming.Streams.Kafka;

namespace Streaming.Actors.Engine;

/// <summary>
/// The running graph: every assigned partition (of any input topic) gets its own
/// <see cref="IPartitionProcessor"/> fed by batches and clock ticks; offsets reach the committer only
/// after a checkpoint. Any failure restarts the whole graph (with backoff), which rejoins the group
/// and resumes from the checkpoints.
/// </summary>
public static class EnginePipeline
{
    public static Source<KafkaCommitResult, NotUsed> Create(KafkaConsumerSettings consumer, EngineOptions options,
        Func<TopicPartition, IPartitionProcessor> processorFor)
    {
        var restart = RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), 0.2);
        return RestartSource.OnFailuresWithBackoff(() =>
            KafkaConsumer.PartitionedSource(consumer)
                .ViaMaterialized(Flow.Create<(TopicPartition Partition, Source<CommittableMessage, NotUsed> Messages)>()
                    .MergeMany(consumer.MaxPartitions, p => Partition(p.Messages, processorFor(p.Partition), options)), Keep.Left)
                .Via(KafkaCommitter.Flow(consumer.Commit))
                .MapMaterializedValue(_ => NotUsed.Instance), restart);
    }

    /// <summary>Streams carry no nulls: a step that did not checkpoint has no offset.</summary>
    private sealed record Step(CommittableOffset? Offset);

    private static Source<CommittableOffset, NotUsed> Partition(Source<CommittableMessage, NotUsed> messages, IPartitionProcessor processor, EngineOptions options)
    {
        // A step takes whatever arrived while the previous one ran (at most MaxBatch): one record at a
        // time when the partition is quiet (no waiting to fill a batch), larger batches under load.
        var batches = messages
            .Batch(options.MaxBatch, m => new List<CommittableMessage> { m }, (batch, m) =>
            {
                batch.Add(m);
                return batch;
            })
            .Select(IReadOnlyList<CommittableMessage> (b) => b);
        var ticks = Source.Tick(options.Tick, options.Tick, (IReadOnlyList<CommittableMessage>)[])
            .MapMaterializedValue(_ => NotUsed.Instance);
        return Source.FromTask(processor.StartAsync().ContinueWith(t => { t.GetAwaiter().GetResult(); return NotUsed.Instance; }, TaskScheduler.Default))
            .ConcatMany(_ => batches.Merge(ticks, eagerComplete: true))
            .SelectAsync(1, async batch => new Step(await processor.StepAsync(batch)))
            .Where(step => step.Offset is not null)
            .Select(step => step.Offset!)
            .WatchTermination((_, done) =>
            {
                done.ContinueWith(_ => processor.Dispose(), TaskScheduler.Default);
                return NotUsed.Instance;
            });
    }
}
