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
        return Source.FromGraph(new PartitionedSourceStage((settings with { ManualStart = false }).Validate()))
            .Select(p => (p.Partition, p.Messages));
    }

    /// <summary>
    /// One <see cref="AssignedPartition"/> per assigned partition, which delivers nothing until the application calls
    /// <see cref="AssignedPartition.StartFrom"/> with the offset its own checkpoint says (the group's committed offset is
    /// not used to position the partition; commits still record progress for lag monitoring).
    /// </summary>
    public static Source<AssignedPartition, IKafkaControl> ManualPartitionedSource(KafkaConsumerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Source.FromGraph(new PartitionedSourceStage((settings with { ManualStart = true }).Validate()));
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
