using Akka;
using Akka.Streams.Dsl;
using DslFlow = Akka.Streams.Dsl.Flow;
using DslSink = Akka.Streams.Dsl.Sink;

namespace Streaming.Streams.Kafka;

/// <summary>
/// Commits <see cref="CommittableOffset"/>s through the consumers that read them. Hand an
/// offset over only once the record's effects are durable: the committer commits exactly what it
/// was handed (the highest per partition, as offset + 1), never an offset of a partition that
/// was revoked or lost since, and never moves a partition's committed offset backwards.
/// </summary>
public static class KafkaCommitter
{
    public static Flow<CommittableOffset, KafkaCommitResult, NotUsed> Flow(KafkaCommitterSettings? settings = null) =>
        DslFlow.FromGraph(new CommitterStage((settings ?? KafkaCommitterSettings.Default).Validate()));

    /// <summary>Completes once every handed-over offset was committed (or dropped as revoked).</summary>
    public static Sink<CommittableOffset, Task<Done>> Sink(KafkaCommitterSettings? settings = null) =>
        Flow(settings).ToMaterialized(DslSink.Ignore<KafkaCommitResult>(), Keep.Right);
}
