using Akka;
using Akka.Streams.Dsl;
using Confluent.Kafka;

namespace Streaming.Streams.Kafka;

/// <summary>Committable Kafka sources for Akka.Streams.</summary>
public static class KafkaConsumer
{
    /// <summary>
    /// One sub-source per assigned partition (also for incremental cooperative assignments); a
    /// sub-source completes when its partition is revoked or lost. A partition is paused while
    /// its sub-source holds <see cref="KafkaConsumerSettings.MaxBufferedPerPartition"/> records.
    /// </summary>
    public static Source<(TopicPartition Partition, Source<CommittableMessage, NotUsed> Messages), IKafkaControl> PartitionedSource(
        KafkaConsumerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Source.FromGraph(new PartitionedSourceStage(settings.Validate()));
    }

    /// <summary>All assigned partitions merged (order is kept within a partition only).</summary>
    public static Source<CommittableMessage, IKafkaControl> CommittableSource(KafkaConsumerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var merge = Flow.Create<(TopicPartition Partition, Source<CommittableMessage, NotUsed> Messages)>()
            .MergeMany(settings.MaxPartitions, p => p.Messages);
        return PartitionedSource(settings).ViaMaterialized(merge, Keep.Left);
    }
}
